/**
 * The test's side of the fake frame harness. The runner serves fake frames on a second loopback
 * origin (test/support/component-harness.ts), so the element talks to them cross-origin exactly as
 * to the gateway: real `antom:hello` / `antom:connect` handshake, real MessagePort. Each fake frame
 * announces itself to this page with a control port; through a `FakeFrame` the test decides whether
 * and when it says hello, reads every message the element sent it, and scripts every answer.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { parseElementMessage, type ElementToFrame, type FrameToElement } from '../../../src/shared/channel/messages.js';
import { encodeSessionData, parseSessionData, type SessionMode } from '../../../src/shared/session-data.js';
import type { CardBrand, FieldName, FormState, PaymentOutcome, SessionView } from '../../../src/shared/types.js';

/** Fake frame -> test page, once, with the control port. */
export interface HarnessAnnouncement {
  type: 'harness:frame';
  path: string;
  search: string;
}

/** Test -> fake frame, over the control port. */
export type HarnessCommand = { cmd: 'hello'; nonce?: string } | { cmd: 'send'; message: unknown };

/** Fake frame -> test, over the control port. */
export type HarnessReport = { kind: 'connected' } | { kind: 'message'; data: unknown };

/** Element message of one type. */
export type ElementMessage<T extends ElementToFrame['type']> = Extract<ElementToFrame, { type: T }>;

/** Scripted answer to an element message: messages to send back, in order. */
export type Responder<T extends ElementToFrame['type']> = (message: ElementMessage<T>) => FrameToElement[];

/** Generous waits: the first fake frame of a run waits for its script to be compiled. */
const WAIT = { timeout: 10000 };

interface Announced {
  origin: string;
  port: MessagePort;
  path: string;
  search: string;
}

const announced = new WeakMap<object, Announced>();

// Installed on import, before any element of the test file can create a frame.
window.addEventListener('message', (event: MessageEvent) => {
  const data = event.data as Partial<HarnessAnnouncement> | null;
  const port = event.ports[0];
  if (!event.source || !port || data?.type !== 'harness:frame') return;
  announced.set(event.source, { origin: event.origin, port, path: String(data.path), search: String(data.search) });
});

let configured: Promise<string> | undefined;

/** Origin of the fake frames (the "gateway" of every harness session). */
export function frameOrigin(): Promise<string> {
  configured ??= fetch('/test-api/config')
    .then((response) => response.json() as Promise<{ frameOrigin: string }>)
    .then((config) => config.frameOrigin);
  return configured;
}

/** A createPaymentSession answer (its session part) whose session names the fake frames' origin. */
// A type, not an interface: the element's `session` property takes records with an index signature.
export type HarnessSession = {
  paymentSessionId: string;
  paymentSessionData: string;
};

let sessions = 0;

/** Mints a session in the test: no gateway, no merchant server. */
export async function mintSession(mode: SessionMode = 'payment'): Promise<HarnessSession> {
  sessions += 1;
  const paymentSessionId = `ps_minted_${sessions}_${Date.now()}`;
  const paymentSessionData = encodeSessionData(`minted_token_${sessions}_0123456789`, 'SG', {
    clientId: 'SANDBOX_HARNESS',
    paymentSessionConfig: {
      productScene: mode === 'vault' ? 'VAULTING' : 'CASHIER_PAYMENT',
      paymentMethodCategoryType: 'CARD',
      productSceneVersion: '1.0',
    },
    paymentSessionId,
    gatewayOrigin: await frameOrigin(),
    mode,
  });
  return { paymentSessionId, paymentSessionData };
}

/** One fake frame, as the test drives it. */
export class FakeFrame {
  /** Every message the element sent over the channel, in order. */
  readonly received: ElementToFrame[] = [];
  /** Anything the element sent that the protocol does not allow (expected to stay empty). */
  readonly malformed: unknown[] = [];
  /** `/sdk/v1/frame` or `/sdk/v1/challenge`. */
  readonly path: string;
  /** The query the element put in the frame's address. */
  readonly params: URLSearchParams;
  private connected = false;
  private readonly port: MessagePort;
  private readonly responders = new Map<string, (message: ElementToFrame) => FrameToElement[]>();

  constructor(control: Announced) {
    this.port = control.port;
    this.path = control.path;
    this.params = new URLSearchParams(control.search);
    this.port.onmessage = (event: MessageEvent) => this.onReport(event.data as HarnessReport);
  }

  /** The id of the session the element handed over in `init` (the frame's address names none); '' before that. */
  get sessionId(): string {
    const init = this.received.find((message) => message.type === 'init');
    return (init && parseSessionData(init.sessionData)?.config.paymentSessionId) ?? '';
  }

  /** Says hello with the nonce of the frame's fragment and waits for the element's port. */
  async hello(): Promise<void> {
    this.command({ cmd: 'hello' });
    await waitUntil(() => this.connected, 'the element did not connect to the fake frame', WAIT);
  }

  /** Says hello with another nonce (the element must not connect). */
  helloWithNonce(nonce: string): void {
    this.command({ cmd: 'hello', nonce });
  }

  /** True once the element handed over its port. */
  get isConnected(): boolean {
    return this.connected;
  }

  /** Sends a message to the element over the channel port. */
  send(...messages: FrameToElement[]): void {
    for (const message of messages) this.command({ cmd: 'send', message });
  }

  /** Sends anything, checked or not: for messages the element must drop. */
  sendUnchecked(data: unknown): void {
    this.command({ cmd: 'send', message: data });
  }

  /** Waits for the element's `index`th (0-based) message of `type`. */
  async next<T extends ElementToFrame['type']>(type: T, index = 0): Promise<ElementMessage<T>> {
    const ofType = (): ElementToFrame[] => this.received.filter((message) => message.type === type);
    await waitUntil(() => ofType().length > index, `the fake frame got no "${type}" #${index + 1}`, WAIT);
    expect(this.malformed, 'malformed messages from the element').to.deep.equal([]);
    return ofType()[index] as ElementMessage<T>;
  }

  /** From now on answers every `type` message of the element with what `respond` returns. */
  answer<T extends ElementToFrame['type']>(type: T, respond: Responder<T>): void {
    this.responders.set(type, respond as (message: ElementToFrame) => FrameToElement[]);
  }

  /**
   * Waits for `init`, then says the session is ready with `view` (as the frame does after its session
   * fetch); a view without a session id gets the one of the session `init` handed over.
   */
  async ready(view?: SessionView): Promise<void> {
    await this.next('init');
    const base = view ?? sessionView('');
    this.send({ type: 'ready', view: { ...base, paymentSessionId: base.paymentSessionId || this.sessionId } });
  }

  private command(command: HarnessCommand): void {
    this.port.postMessage(command);
  }

  private onReport(report: HarnessReport): void {
    if (report.kind === 'connected') {
      this.connected = true;
      return;
    }
    const message = parseElementMessage(report.data);
    if (!message) {
      this.malformed.push(report.data);
      return;
    }
    this.received.push(message);
    const respond = this.responders.get(message.type);
    if (respond) this.send(...respond(message));
  }
}

/** The fake frame loaded in `iframe`, once it has announced itself from the fake frames' origin. */
export async function fakeFrame(iframe: HTMLIFrameElement): Promise<FakeFrame> {
  const origin = await frameOrigin();
  await waitUntil(
    () => iframe.contentWindow && announced.get(iframe.contentWindow),
    `no fake frame announced itself in ${iframe.src}`,
    WAIT,
  );
  const control = announced.get(iframe.contentWindow!)!;
  expect(control.origin).to.equal(origin);
  announced.delete(iframe.contentWindow!);
  return new FakeFrame(control);
}

/** The element's card frame, once the element has created it and it has loaded. */
export async function cardFrameOf(el: HTMLElement): Promise<FakeFrame> {
  await waitUntil(() => el.shadowRoot!.querySelector('iframe[part~="card-frame"]'), 'no card frame', WAIT);
  return fakeFrame(el.shadowRoot!.querySelector<HTMLIFrameElement>('iframe[part~="card-frame"]')!);
}

/** The 3-D Secure container in the element's dialog, once it has loaded. */
export async function challengeFrameOf(el: HTMLElement): Promise<FakeFrame> {
  await waitUntil(() => el.shadowRoot!.querySelector('dialog iframe'), 'no challenge frame', WAIT);
  return fakeFrame(el.shadowRoot!.querySelector<HTMLIFrameElement>('dialog iframe')!);
}

/** A session view as the gateway would give it, for a payment unless `overrides` say otherwise. */
export function sessionView(paymentSessionId: string, overrides: Partial<SessionView> = {}): SessionView {
  return {
    paymentSessionId,
    mode: 'payment',
    amount: { currency: 'USD', value: '4200' },
    merchantName: 'Harness shop',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    brands: ['VISA', 'MASTERCARD'],
    captureMode: 'AUTOMATIC',
    ...overrides,
  };
}

/** A form state: `complete` with every field valid, or empty. */
export function formState(complete: boolean, brand: CardBrand | null = null): FormState {
  const field = { empty: !complete, valid: complete, error: null };
  const fields = Object.fromEntries(
    (['number', 'expiry', 'cvc', 'holder'] satisfies FieldName[]).map((name) => [name, { ...field }]),
  ) as FormState['fields'];
  return { brand, complete, fields };
}

/** A payment outcome; a successful one carries the card's public facts. */
export function outcome(
  status: PaymentOutcome['status'],
  resultCode: string,
  extra: Partial<PaymentOutcome> = {},
): PaymentOutcome {
  return {
    status,
    resultCode,
    resultMessage: '',
    paymentId: null,
    card: status === 'SUCCESS' ? { brand: 'VISA', last4: '0768', expiryMonth: '12', expiryYear: '30' } : null,
    ...extra,
  };
}
