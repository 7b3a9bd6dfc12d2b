/**
 * antom-card-checkout/react on a server, as a Next.js page renders it: importing the module and
 * rendering it with react-dom/server touch no browser global and load no element code, and the
 * markup is a bare tag the browser upgrades (no property or handler leaks into an attribute).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as ReactWrapper from 'antom-card-checkout/react';

const BROWSER_GLOBALS = ['window', 'document', 'customElements', 'HTMLElement', 'matchMedia', 'navigator'] as const;

/** Runs `body` with every browser global turned into a trap that records who reached for it. */
async function withoutBrowserGlobals<T>(body: () => Promise<T>): Promise<{ value: T; touched: string[] }> {
  const touched: string[] = [];
  const saved = BROWSER_GLOBALS.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
  for (const name of BROWSER_GLOBALS) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        throw new ReferenceError(`${name} is not defined (server render)`);
      },
    });
  }
  try {
    return { value: await body(), touched };
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete (globalThis as Record<string, unknown>)[name];
    }
  }
}

/** The module as this repository's tests resolve it (its source), and as a merchant installs it (the build). */
const FORMS: { name: string; load: () => Promise<typeof ReactWrapper> }[] = [
  { name: 'source', load: () => import('antom-card-checkout/react') },
  {
    name: 'built dist/lib/react.js',
    load: () => import(new URL('../../dist/lib/react.js', import.meta.url).href) as Promise<typeof ReactWrapper>,
  },
];

for (const form of FORMS) {
  test(`${form.name}: importing antom-card-checkout/react touches no browser global and registers nothing`, async () => {
    const { value: wrapper, touched } = await withoutBrowserGlobals(form.load);
    assert.deepEqual(touched, []);
    assert.equal(typeof wrapper.AntomCardCheckout, 'object', 'a forwardRef component');
    assert.equal(typeof wrapper.loadAntomCardCheckout, 'function');
    assert.equal('customElements' in globalThis, false, 'Lit (which installs a customElements shim in Node) did not load');
  });

  test(`${form.name}: renderToString in StrictMode gives a bare tag with only the HTML attributes`, async () => {
    const { value: html, touched } = await withoutBrowserGlobals(async () => {
      const React = await import('react');
      const { renderToString } = await import('react-dom/server');
      const wrapper = await form.load();
      const page = React.createElement(
        React.StrictMode,
        null,
        React.createElement(wrapper.AntomCardCheckout, {
          id: 'pay',
          className: 'checkout',
          'aria-label': 'Card payment',
          sessionUrl: '/api/checkout/session',
          sessionRequest: { cartId: 'cart_1' },
          hidePayButton: true,
          frameTimeout: 9000,
          onAuthorized: () => undefined,
          onError: () => undefined,
        }),
      );
      return renderToString(page);
    });
    assert.deepEqual(touched, []);
    assert.equal(html, '<antom-card-checkout id="pay" class="checkout" aria-label="Card payment"></antom-card-checkout>');
  });
}
