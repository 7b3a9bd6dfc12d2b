/**
 * The element's side of the channel to the secure frame.
 *
 * Waits for `antom:hello` from exactly the frame's window, on exactly the gateway origin, with
 * exactly this channel's nonce; then hands the frame a MessagePort and talks only over it.
 * Anything else is dropped without a sound. A frame that never says hello in time is reported.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  PROTOCOL_VERSION,
  isHandshake,
  parseFrameMessage,
  type ConnectMessage,
  type ElementToFrame,
  type FrameToElement,
} from '../../shared/channel/messages.js';

/** What the channel needs to open. */
export interface FrameChannelTarget {
  /** Exact origin of the gateway serving the frame. */
  gatewayOrigin: string;
  /** This channel's nonce (also in the frame URL fragment). */
  nonce: string;
  /** The iframe element (looked up when the hello arrives). */
  frame: () => HTMLIFrameElement | null | undefined;
  /** Sent over the port as soon as it is open: `init` for the card frame, `appearance` and `focus` for the container. */
  init: ElementToFrame | readonly ElementToFrame[];
  /** Milliseconds before a frame that never said hello is reported unreachable. */
  timeoutMs: number;
}

/** Callbacks of the channel. */
export interface FrameChannelCallbacks {
  /** A message that passed the strict parser, from the port the handshake opened. */
  onMessage(message: FrameToElement): void;
  /** The frame did not say hello in time. */
  onTimeout(): void;
}

/** Reactive controller owning the handshake, the port and its listeners. */
export class FrameChannel implements ReactiveController {
  private port: MessagePort | null = null;
  private target: FrameChannelTarget | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Messages given before the frame said hello, sent after `init`. */
  private queued: ElementToFrame[] = [];
  private readonly callbacks: FrameChannelCallbacks;

  constructor(host: ReactiveControllerHost, callbacks: FrameChannelCallbacks) {
    this.callbacks = callbacks;
    host.addController(this);
  }

  /** True once the frame holds its end of the port. */
  get connected(): boolean {
    return this.port !== null;
  }

  /** Starts listening for the hello of a new frame; closes any previous channel. */
  open(target: FrameChannelTarget): void {
    this.close();
    this.target = target;
    window.addEventListener('message', this.onWindowMessage);
    this.timer = setTimeout(() => {
      if (!this.port && this.target === target) {
        this.close();
        this.callbacks.onTimeout();
      }
    }, target.timeoutMs);
  }

  /** Sends a message over the port; returns false when not connected. */
  send(message: ElementToFrame): boolean {
    if (!this.port) return false;
    this.port.postMessage(message);
    return true;
  }

  /** Sends `message` now, or right after the handshake when the frame has not said hello yet. */
  deliver(message: ElementToFrame): void {
    if (!this.send(message)) this.queued.push(message);
  }

  /** Closes the port and removes every listener and timer. */
  close(): void {
    this.queued = [];
    window.removeEventListener('message', this.onWindowMessage);
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.port) {
      this.port.onmessage = null;
      this.port.close();
      this.port = null;
    }
    this.target = null;
  }

  /** Lit calls this when the element leaves the document. */
  hostDisconnected(): void {
    this.close();
  }

  private readonly onWindowMessage = (event: MessageEvent): void => {
    const target = this.target;
    if (!target || this.port) return;
    const frameWindow = target.frame()?.contentWindow;
    if (!frameWindow || event.source !== frameWindow || event.origin !== target.gatewayOrigin) return;
    if (!isHandshake(event.data, 'antom:hello', target.nonce)) return;
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.port.onmessage = (message: MessageEvent) => {
      const parsed = parseFrameMessage(message.data);
      if (parsed) this.callbacks.onMessage(parsed);
    };
    const connect: ConnectMessage = { v: PROTOCOL_VERSION, type: 'antom:connect', nonce: target.nonce };
    frameWindow.postMessage(connect, target.gatewayOrigin, [channel.port2]);
    window.removeEventListener('message', this.onWindowMessage);
    clearTimeout(this.timer);
    for (const message of [target.init, this.queued].flat()) this.port.postMessage(message);
    this.queued = [];
  };
}
