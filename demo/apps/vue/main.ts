/** The Vue shop's entry: the plugin registers `<antom-card-checkout>` before the app renders. */
import { createApp } from 'vue';
import { AntomCardCheckoutPlugin } from 'antom-card-checkout/vue';
import '../../pages/checkout.css';
import '../shared/apps.css';
import App from './App.vue';

createApp(App).use(AntomCardCheckoutPlugin).mount('#app');
