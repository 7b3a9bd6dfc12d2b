/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { FrameChannel } from '../../src/element/controllers/frame-channel.js';
import type { FrameToElement } from '../../src/shared/channel/messages.js';

class Host implements ReactiveControllerHost {
  controllers: ReactiveController[] = [];
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {}
  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

const GATEWAY = 'http://127.0.0.1:8787';
const NONCE = 'n0nce_for_channel_tests_0123456789';

async function setup(): Promise<{ channel: FrameChannel; frame: HTMLIFrameElement; received: FrameToElement[]; timeouts: number[] }> {
  const frame = await fixture<HTMLIFrameElement>(html`<iframe title="test frame" srcdoc="<p>frame</p>"></iframe>`);
  const received: FrameToElement[] = [];
  const timeouts: number[] = [];
  const channel = new FrameChannel(new Host(), {
    onMessage: (message) => received.push(message),
    onTimeout: () => timeouts.push(Date.now()),
  });
  channel.open({ gatewayOrigin: GATEWAY, nonce: NONCE, frame: () => frame, init: { type: 'reset' }, timeoutMs: 60000 });
  return { channel, frame, received, timeouts };
}

const hello = (nonce = NONCE): unknown => ({ v: 1, type: 'antom:hello', nonce });

describe('FrameChannel handshake', () => {
  it('ignores a hello from a wrong origin, a look-alike origin, a wrong window or with a stale nonce', async () => {
    const { channel, frame } = await setup();
    const source = frame.contentWindow!;
    const forged: MessageEventInit[] = [
      { data: hello(), origin: 'http://127.0.0.1:8788', source },
      { data: hello(), origin: 'http://127.0.0.1:8787.evil.test', source },
      { data: hello(), origin: 'https://127.0.0.1:8787', source },
      { data: hello(), origin: GATEWAY, source: window },
      { data: hello(), origin: GATEWAY, source: null },
      { data: hello('stale_nonce_0123456789_abcdefgh'), origin: GATEWAY, source },
      { data: { ...(hello() as object), extra: true }, origin: GATEWAY, source },
      { data: JSON.parse(`{"v":1,"type":"antom:hello","nonce":"${NONCE}","__proto__":{"x":1}}`), origin: GATEWAY, source },
      { data: 'x'.repeat(100000), origin: GATEWAY, source },
    ];
    for (const init of forged) window.dispatchEvent(new MessageEvent('message', init));
    expect(channel.connected).to.equal(false);
    window.dispatchEvent(new MessageEvent('message', { data: hello(), origin: GATEWAY, source }));
    expect(channel.connected).to.equal(true);
    channel.close();
  });

  it('accepts only one hello and reports a frame that never says hello', async () => {
    const frame = await fixture<HTMLIFrameElement>(html`<iframe title="silent frame" srcdoc="<p>silent</p>"></iframe>`);
    let timedOut = false;
    const channel = new FrameChannel(new Host(), { onMessage: () => undefined, onTimeout: () => (timedOut = true) });
    channel.open({ gatewayOrigin: GATEWAY, nonce: NONCE, frame: () => frame, init: { type: 'reset' }, timeoutMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(timedOut).to.equal(true);
    expect(channel.connected).to.equal(false);
  });

  it('drops malformed messages arriving on the port', async () => {
    const { channel, frame, received } = await setup();
    const captured: MessagePort[] = [];
    const original = frame.contentWindow!.postMessage.bind(frame.contentWindow!);
    // Keep the transferred port: act as the frame's end of the channel.
    Object.defineProperty(frame.contentWindow!, 'postMessage', {
      configurable: true,
      value: (data: unknown, targetOrigin: string, transfer: Transferable[]) => {
        captured.push(...(transfer as MessagePort[]));
        expect(targetOrigin).to.equal(GATEWAY);
        void data;
        void original;
      },
    });
    window.dispatchEvent(new MessageEvent('message', { data: hello(), origin: GATEWAY, source: frame.contentWindow }));
    const port = captured[0]!;
    port.start();
    for (const bad of [{ type: 'result' }, { type: 'resize', height: 'tall' }, null, 'ready', { type: 'submit-request', x: 1 }]) {
      port.postMessage(bad);
    }
    port.postMessage({ type: 'resize', height: 120 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).to.deep.equal([{ type: 'resize', height: 120 }]);
    channel.close();
  });
});
