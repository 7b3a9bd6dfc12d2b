/**
 * The frame's side of the element <-> frame channel: the fragment parameters, the handshake
 * on window messages, then a MessagePort that alone carries every later message.
 */
import {
  PROTOCOL_VERSION,
  isHandshake,
  parseElementMessage,
  type ElementToFrame,
  type FrameToElement,
} from '../shared/channel/messages.js';
import { isOrigin } from '../shared/session-data.js';

/** What the embedding element put in the frame URL's fragment. */
export interface ChannelParams {
  /** Channel nonce chosen by the element. */
  nonce: string;
  /** Exact origin of the embedding page. */
  origin: string;
}

/** Sends one message to the element. */
export type Send = (message: FrameToElement) => void;

/**
 * Reads the channel parameters from the fragment, then removes the fragment from the address
 * bar so the nonce does not linger in history. `undefined` when anything is missing or malformed.
 */
export function takeChannelParams(): ChannelParams | undefined {
  const fragment = new URLSearchParams(location.hash.slice(1));
  history.replaceState(null, '', location.pathname + location.search);
  const nonce = fragment.get('nonce');
  const origin = fragment.get('origin');
  if (!nonce || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce) || !isOrigin(origin)) return undefined;
  return { nonce, origin };
}

/** True when the frame is embedded directly by `origin` (as far as the browser tells). */
export function isEmbeddedBy(origin: string): boolean {
  if (window.parent === window) return false;
  const ancestors = location.ancestorOrigins as DOMStringList | undefined;
  return !ancestors || ancestors.length === 0 || ancestors[0] === origin;
}

/**
 * Says hello to the parent and waits for the one `connect` that comes from the parent window,
 * from `origin`, with the nonce and exactly one port. Everything else is ignored silently.
 * `onMessage` then receives every well-formed message from the port.
 */
export function connect(params: ChannelParams, onMessage: (message: ElementToFrame, send: Send) => void): void {
  const parent = window.parent;
  const listener = (event: MessageEvent): void => {
    const port = event.ports[0];
    if (
      event.source !== parent ||
      event.origin !== params.origin ||
      event.ports.length !== 1 ||
      !port ||
      !isHandshake(event.data, 'antom:connect', params.nonce)
    ) {
      return;
    }
    window.removeEventListener('message', listener);
    const send: Send = (message) => port.postMessage(message);
    port.onmessage = (portEvent: MessageEvent): void => {
      const message = parseElementMessage(portEvent.data);
      if (!message) return;
      try {
        onMessage(message, send);
      } catch {
        // A handler bug must not break the channel; the element sees no answer and times out.
      }
    };
  };
  window.addEventListener('message', listener);
  parent.postMessage({ v: PROTOCOL_VERSION, type: 'antom:hello', nonce: params.nonce }, params.origin);
}
