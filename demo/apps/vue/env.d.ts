/** What a `.vue` import is to plain TypeScript (ESLint's type-aware rules); vue-tsc reads the file itself. */
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
