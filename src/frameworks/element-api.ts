/**
 * What the React and Vue bindings know of `<antom-card-checkout>`. The types derive from the
 * element's own, so a property or an event added to the element fails to compile here (or in the
 * binding) until the bindings carry it too. Only the tag and the property names exist at run time:
 * importing this module loads no element code and touches no DOM, so it is safe on a server.
 */
import type { LitElement } from 'lit';
import type { AntomCardCheckout } from '../element/antom-card-checkout.js';
import type { AntomEventDetails } from '../element/events.js';

/** `antom-card-checkout`; the same name `define.ts` registers, repeated so nothing here loads the element. */
export const ELEMENT_TAG = 'antom-card-checkout';

/** True when `A` and `B` are the same type, readonly modifiers included. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Keys of `T` that can be assigned: no methods, no getter without a setter. */
type AssignableKeys<T> = {
  [K in keyof T]-?: T[K] extends (...args: never[]) => unknown
    ? never
    : Same<{ [Q in K]: T[K] }, { -readonly [Q in K]: T[K] }> extends true
      ? K
      : never;
}[keyof T];

/** The element's own settable properties, not LitElement's or HTMLElement's: what a framework binds. */
export type ElementPropertyName = Exclude<AssignableKeys<AntomCardCheckout>, keyof LitElement>;

/** The element's properties, each optional, typed as the element types them. */
export type ElementProperties = Partial<Pick<AntomCardCheckout, ElementPropertyName>>;

/**
 * The names of `ElementPropertyName` at run time, for @lit/react, which sets exactly these as DOM
 * properties (objects such as `sessionRequest` pass unchanged) and hands anything else to React.
 */
export const ELEMENT_PROPERTIES = [
  'sessionUrl',
  'sessionRequest',
  'session',
  'locale',
  'messages',
  'gatewayOrigin',
  'environment',
  'sdkUrl',
  'savedCardCvc',
  'hidePayButton',
  'mode',
  'theme',
  'frameTimeout',
] as const satisfies readonly ElementPropertyName[];

/** Accepts only listed names: `_EveryPropertyListed` fails to compile, naming a property the list forgot. */
type Listed<Name extends (typeof ELEMENT_PROPERTIES)[number]> = Name;
type _EveryPropertyListed = Listed<ElementPropertyName>;

/** An event of the element, e.g. `antom-authorized`. */
export type AntomEventName = keyof AntomEventDetails;

/** `session-expired` -> `SessionExpired`. */
type PascalCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalCase<Tail>}`
  : Capitalize<S>;

/** An event's name without `antom-`, in PascalCase: `antom-session-expired` -> `SessionExpired`. */
export type EventStem<K extends AntomEventName> = K extends `antom-${infer Rest}` ? PascalCase<Rest> : never;

/** The DOM event the element dispatches for `K`: a CustomEvent carrying that event's detail. */
export type AntomEvent<K extends AntomEventName> = CustomEvent<AntomEventDetails[K]>;
