/**
 * antom-card-checkout/vue: `AntomCardCheckoutPlugin` registers `<antom-card-checkout>` for a Vue 3
 * app, and this module types the tag in templates (`GlobalComponents`): its properties as props,
 * its `antom-*` events as emits, each with its typed `detail`.
 *
 * Vue's template compiler must also be told the tag is a custom element, in the build, where it
 * compiles templates: `vue({ template: { compilerOptions: { isCustomElement: (tag) => tag ===
 * 'antom-card-checkout' } } })` with @vitejs/plugin-vue (the README shows the other set-ups).
 *
 * Importing this module loads the element (Vue sets a DOM property only on an element that
 * already has it, so the element must be defined before the app renders): install the plugin in
 * the browser, e.g. in a client-only plugin when the app also renders on a server.
 */
import type { EmitFn, HTMLAttributes, Plugin, PublicProps } from 'vue';
import type { AntomCardCheckout as AntomCardCheckoutElement } from '../element/antom-card-checkout.js';
import { defineAntomCardCheckout } from '../element/define.js';
import type { AntomEvent, AntomEventName, ElementProperties, EventStem } from '../frameworks/element-api.js';

export type { AntomCardCheckoutElement };
export type { ElementProperties as AntomCardCheckoutProperties };
export type * from '../frameworks/public-types.js';

/** The listener prop a template's `@antom-session-expired` becomes: `onAntomSessionExpired`. */
export type VueEventProp<K extends AntomEventName> = `onAntom${EventStem<K>}`;

/** One optional listener per element event, each given the event with its typed `detail`. */
export type AntomCardCheckoutVueListeners = {
  [K in AntomEventName as VueEventProp<K>]?: (event: AntomEvent<K>) => void;
};

/**
 * `<antom-card-checkout>` as Vue's template type-checker (vue-tsc, Volar) reads a component: props
 * and `@antom-*` listeners from `$props`, events from `$emit`. A template ref to the tag is the
 * element itself.
 */
export type AntomCardCheckoutComponent = new () => AntomCardCheckoutElement & {
  /** @deprecated Template type-checking only: the element has no `$props`. */
  $props: HTMLAttributes & ElementProperties & AntomCardCheckoutVueListeners & PublicProps;
  /** @deprecated Template type-checking only: the element has no `$emit`. */
  $emit: EmitFn<{ [K in AntomEventName]: (event: AntomEvent<K>) => void }>;
};

/** `app.use(AntomCardCheckoutPlugin)`: registers `<antom-card-checkout>` (once per page). */
export const AntomCardCheckoutPlugin: Plugin<[]> = {
  install() {
    defineAntomCardCheckout();
  },
};

declare module 'vue' {
  interface GlobalComponents {
    /** The card checkout element; bind objects and booleans by their camelCase names (`:sessionRequest`). */
    'antom-card-checkout': AntomCardCheckoutComponent;
  }
}
