'use client';
/**
 * antom-card-checkout/react: `<AntomCardCheckout>`, the element as a React 18/19 component made with
 * @lit/react. Props set the element's properties (objects such as `sessionRequest` pass as they
 * are), `onAuthorized`-style props listen to its `antom-*` events, and a ref reaches the element
 * itself (`submit()`, `validate()`, `reset()`, `reload()`, `focus()`, `state`).
 *
 * Server rendering: importing this module touches no DOM and loads no element code. The element's
 * code loads, and registers `<antom-card-checkout>`, when the first component mounts in a browser;
 * the server renders a bare `<antom-card-checkout>` tag that the browser then upgrades.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import type { AntomCardCheckout as AntomCardCheckoutElement } from '../element/antom-card-checkout.js';
import type { AntomEventDetails } from '../element/events.js';
import {
  ELEMENT_PROPERTIES,
  ELEMENT_TAG,
  type AntomEvent,
  type AntomEventName,
  type ElementProperties,
  type ElementPropertyName,
  type EventStem,
} from '../frameworks/element-api.js';

export type { AntomCardCheckoutElement };
export type { ElementProperties as AntomCardCheckoutProperties };
export type * from '../frameworks/public-types.js';

/** The React prop that listens to event `K`: `antom-session-expired` -> `onSessionExpired`. */
export type ReactEventProp<K extends AntomEventName> = `on${EventStem<K>}`;

/** One optional handler per element event, each given the event with its typed `detail`. */
export type AntomCardCheckoutEventProps = {
  [K in AntomEventName as ReactEventProp<K>]?: (event: AntomEvent<K>) => void;
};

/**
 * Props of `<AntomCardCheckout>`: the element's properties, one `onX` per event, and the HTML
 * attributes React passes through (`id`, `className`, `style`, `aria-*`...). No children: the
 * element shows only what it draws itself.
 */
export type AntomCardCheckoutProps = Omit<
  React.HTMLAttributes<AntomCardCheckoutElement>,
  'children' | ElementPropertyName | keyof AntomCardCheckoutEventProps
> &
  ElementProperties &
  AntomCardCheckoutEventProps;

/**
 * Which prop listens to which event. The `satisfies` clause derives the expected keys from
 * `AntomEventDetails`: an event added to the element and missing here does not compile.
 */
const EVENT_PROPS = {
  onLoading: 'antom-loading',
  onReady: 'antom-ready',
  onChange: 'antom-change',
  onSubmit: 'antom-submit',
  onAuthorized: 'antom-authorized',
  onFailed: 'antom-failed',
  onProcessing: 'antom-processing',
  onError: 'antom-error',
  onSessionExpired: 'antom-session-expired',
  onCardSaved: 'antom-card-saved',
  onRemoveCard: 'antom-remove-card',
  onChallenge: 'antom-challenge',
  onCancel: 'antom-cancel',
} as const satisfies { [K in AntomEventName as ReactEventProp<K>]: K };

/** `EVENT_PROPS` as @lit/react types events: each name branded with its event's type. */
type TypedEventProps = {
  [K in AntomEventName as ReactEventProp<K>]: EventName<CustomEvent<AntomEventDetails[K]>>;
};

/** Which prop sets which event listener, e.g. `onAuthorized` -> `antom-authorized`. */
export const EVENT_PROP_NAMES: Readonly<Record<keyof AntomCardCheckoutEventProps, AntomEventName>> = EVENT_PROPS;

/**
 * Stands in for the element's class, whose module must not load on a server: @lit/react only asks
 * `name in elementClass.prototype` to tell the element's properties from React's attributes. No
 * prototype chain, so `constructor` or `toString` props are not mistaken for properties.
 */
function ElementPropertyNames(): void {}
ElementPropertyNames.prototype = Object.assign(
  Object.create(null) as object,
  Object.fromEntries(ELEMENT_PROPERTIES.map((name) => [name, undefined])),
);

const Element = createComponent({
  react: React,
  tagName: ELEMENT_TAG,
  elementClass: ElementPropertyNames as unknown as new () => AntomCardCheckoutElement,
  events: EVENT_PROPS as unknown as TypedEventProps,
  displayName: 'AntomCardCheckoutElement',
});

let registration: Promise<void> | undefined;

/**
 * Loads the element's code and registers `<antom-card-checkout>`, once per page; every component
 * calls it when it mounts. Await it before calling the element's methods outside its events (an
 * `onReady` handler may call them at once). Browser only.
 */
export function loadAntomCardCheckout(): Promise<void> {
  registration ??= import('../element/define.js').then(
    ({ defineAntomCardCheckout }) => {
      defineAntomCardCheckout();
    },
    (error: unknown) => {
      // A failed chunk load may succeed later (a flaky network): the next mount tries again.
      registration = undefined;
      throw error;
    },
  );
  return registration;
}

/**
 * `<antom-card-checkout>` for React: see `AntomCardCheckoutProps`. The ref is the element; its
 * methods exist once the element is registered (after `loadAntomCardCheckout()` resolves).
 */
export const AntomCardCheckout = React.forwardRef<AntomCardCheckoutElement, AntomCardCheckoutProps>(
  function AntomCardCheckout(props, ref) {
    React.useEffect(() => {
      loadAntomCardCheckout().catch((error: unknown) => {
        console.warn('<antom-card-checkout> could not load its code:', error);
      });
    }, []);
    return React.createElement(Element, { ...props, ref });
  },
);
