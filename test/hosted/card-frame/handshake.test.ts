/**
 * The frame's handshake and channel: it talks only to the exact parent window and origin with
 * the nonce from its fragment, and drops everything else (wrong window, wrong origin, stale
 * nonce, malformed, `__proto__`-shaped, oversized, fuzzed) without a trace.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Browser } from 'playwright-core';
import { settle } from '../../support/waits.js';
import { launchBrowser, startFixture, type FrameFixture } from './fixture.js';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

async function withFixture(run: (fixture: FrameFixture) => Promise<void>): Promise<void> {
  const fixture = await startFixture(browser);
  try {
    await run(fixture);
  } finally {
    await fixture.close();
  }
}

/** Posts `payloads` (JSON texts, parsed in the page so `__proto__` stays an own key) to the card frame. */
async function postFromParent(fixture: FrameFixture, payloads: string[], ports = 1): Promise<void> {
  await fixture.page.evaluate(
    ({ texts, portCount }) => {
      const w = window as unknown as Record<string, unknown>;
      const junk = (w['__junk'] ??= []) as unknown[];
      const target = (w['__iframe'] as HTMLIFrameElement).contentWindow;
      for (const text of texts) {
        const transfer = Array.from({ length: portCount }, () => {
          const channel = new MessageChannel();
          channel.port1.onmessage = (event) => junk.push(event.data);
          return channel.port2;
        });
        target?.postMessage(JSON.parse(text), w['__gateway'] as string, transfer);
      }
    },
    { texts: payloads, portCount: ports },
  );
}

/** Adds a sibling iframe at `src` and posts a connect with the right nonce from inside it. */
async function connectFromSibling(fixture: FrameFixture, src: string): Promise<void> {
  await fixture.page.evaluate((siblingSrc) => {
    const sibling = document.createElement('iframe');
    sibling.title = 'sibling';
    const loaded = new Promise((done) => sibling.addEventListener('load', done, { once: true }));
    sibling.src = siblingSrc;
    document.body.append(sibling);
    return loaded;
  }, src);
  const sibling = fixture.page.frames().find((frame) => frame.url() === src);
  assert.ok(sibling, 'sibling frame loaded');
  await sibling.evaluate(
    ({ nonce, gateway }) => {
      const junk: unknown[] = [];
      (window as unknown as { __junk: unknown[] }).__junk = junk;
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => junk.push(event.data);
      window.parent.frames[0]?.postMessage({ v: 1, type: 'antom:connect', nonce }, gateway, [channel.port2]);
    },
    { nonce: fixture.nonce, gateway: fixture.gatewayOrigin },
  );
  await settle();
  assert.deepEqual(await sibling.evaluate(() => (window as unknown as { __junk: unknown[] }).__junk), []);
}

async function junkReceived(fixture: FrameFixture): Promise<unknown[]> {
  return fixture.page.evaluate(() => ((window as unknown as { __junk?: unknown[] }).__junk ?? []).slice());
}

test('says hello to the exact parent origin, removes the fragment, then connects', async () => {
  await withFixture(async (fixture) => {
    const frame = await fixture.mount();
    await fixture.page.waitForFunction(() => (window as unknown as { __hellos: unknown[] }).__hellos.length > 0);
    assert.deepEqual(await fixture.hellos(), [
      { origin: fixture.gatewayOrigin, data: { v: 1, type: 'antom:hello', nonce: fixture.nonce } },
    ]);
    const address = await frame.evaluate(() => ({ hash: location.hash, href: location.href }));
    assert.equal(address.hash, '');
    assert.ok(!address.href.includes(fixture.nonce), 'the nonce is gone from the address');
    await fixture.connect();
    await fixture.send({ type: 'init', sessionData: fixture.sessionData, locale: 'en_US', appearance: {} });
    const [ready] = await fixture.waitForMessage('ready');
    assert.deepEqual(ready, { type: 'ready', view: fixture.view });
    assert.deepEqual(fixture.pageErrors, []);
    assert.deepEqual(fixture.consoleMessages, []);
    assert.deepEqual(fixture.violations, []);
  });
});

test('ignores connect messages from another window, another origin, with a stale nonce or a bad shape', async () => {
  await withFixture(async (fixture) => {
    const frame = await fixture.mount();
    await fixture.page.waitForFunction(() => (window as unknown as { __hellos: unknown[] }).__hellos.length > 0);
    const { nonce } = fixture;
    // Right origin (the merchant's), wrong window: a sibling frame of the card frame.
    await connectFromSibling(fixture, `${fixture.parentOrigin}/sibling`);
    // Wrong origin: a page of the gateway's own origin.
    await connectFromSibling(fixture, `${fixture.gatewayOrigin}/other`);
    const bad = [
      { v: 1, type: 'antom:connect', nonce: 'stale_nonce_0123456789' },
      { v: 2, type: 'antom:connect', nonce },
      { v: '1', type: 'antom:connect', nonce },
      { v: 1, type: 'antom:hello', nonce },
      { v: 1, type: 'antom:connect', nonce, extra: true },
      { v: 1, type: 'antom:connect' },
      { v: 1, type: 'antom:connect', nonce: nonce + 'x'.repeat(100_000) },
      [1, 'antom:connect', nonce],
      nonce,
      null,
    ].map((value) => JSON.stringify(value));
    bad.push(`{"v":1,"type":"antom:connect","nonce":"${nonce}","__proto__":{"polluted":true}}`);
    bad.push(`{"__proto__":{"v":1,"type":"antom:connect","nonce":"${nonce}"}}`);
    await postFromParent(fixture, bad);
    // The right message without a port, and with two ports.
    const right = JSON.stringify({ v: 1, type: 'antom:connect', nonce });
    await postFromParent(fixture, [right], 0);
    await postFromParent(fixture, [right], 2);
    // Fuzzed shapes around the real message.
    const fuzzed = fc.sample(
      fc.oneof(
        fc.jsonValue(),
        fc.record({
          v: fc.oneof(fc.constant(1), fc.jsonValue()),
          type: fc.oneof(fc.constant('antom:connect'), fc.string()),
          nonce: fc.oneof(fc.constant(nonce), fc.string({ maxLength: 80 })),
        }),
      ),
      { numRuns: 150, seed: 42 },
    );
    await postFromParent(
      fixture,
      fuzzed.map((value) => JSON.stringify(value)).filter((text) => text !== right && text !== undefined),
    );
    await settle();
    assert.deepEqual(await junkReceived(fixture), []);
    assert.equal(await frame.evaluate(() => (({}) as Record<string, unknown>)['polluted']), undefined);
    assert.equal(await frame.evaluate(() => document.body.childElementCount), 0, 'nothing rendered before init');

    // The real handshake still works: nothing above consumed it.
    await fixture.connect();
    await fixture.send({ type: 'init', sessionData: fixture.sessionData, locale: 'en_US', appearance: {} });
    await fixture.waitForMessage('ready');
    // A second, otherwise valid connect after that gets nothing either.
    await postFromParent(fixture, [right]);
    await fixture.page.evaluate(() => {
      const junk = (window as unknown as { __junk: unknown[] }).__junk;
      junk.length = 0;
    });
    await settle();
    assert.deepEqual(await junkReceived(fixture), []);
    assert.deepEqual(fixture.pageErrors, []);
    assert.deepEqual(fixture.consoleMessages, []);
    assert.equal(fixture.sessionCalls.length, 1);
  });
});

test('renders nothing and says nothing with a bad fragment or when embedded by another origin', async () => {
  await withFixture(async (fixture) => {
    for (const options of [
      { fragmentNonce: 'short' },
      { fragmentNonce: 'has spaces in it 0123456789' },
      { fragmentOrigin: 'javascript:alert(1)' },
      { fragmentOrigin: `${fixture.parentOrigin}/path` },
      // A well-formed origin that is not the embedding page's (location.ancestorOrigins differs).
      { fragmentOrigin: fixture.gatewayOrigin },
      // The URL's origin (the one the gateway let frame the page) differs from the fragment's.
      { queryOrigin: fixture.gatewayOrigin },
    ]) {
      await fixture.page.evaluate(() => document.querySelectorAll('iframe').forEach((iframe) => iframe.remove()));
      const frame = await fixture.mount(options);
      await postFromParent(fixture, [
        JSON.stringify({ v: 1, type: 'antom:connect', nonce: options.fragmentNonce ?? fixture.nonce }),
      ]);
      await settle();
      assert.deepEqual(await fixture.hellos(), [], JSON.stringify(options));
      assert.deepEqual(await junkReceived(fixture), []);
      assert.equal(await frame.evaluate(() => document.body.childElementCount), 0);
      assert.equal(await frame.evaluate(() => location.hash), '', 'the fragment is removed even then');
    }
    assert.deepEqual(fixture.pageErrors, []);
    assert.deepEqual(fixture.consoleMessages, []);
  });
});

test('drops malformed, __proto__-shaped, oversized and fuzzed port messages without a trace', async () => {
  await withFixture(async (fixture) => {
    const frame = await fixture.ready();
    const before = (await fixture.messages()).length;
    const payloads = [
      { type: 'submit', attemptId: 'short' },
      { type: 'submit', attemptId: 'a'.repeat(200) },
      { type: 'submit', attemptId: 'attempt_0001', extra: 1 },
      { type: 'validate' },
      { type: 'init', sessionData: fixture.sessionData, locale: 'en_US', appearance: {}, more: 1 },
      { type: 'init', sessionData: 'x'.repeat(9000), locale: 'en_US', appearance: {} },
      { type: 'appearance', appearance: { '--antom-color-text': 'red;background:url(//evil)' } },
      { type: 'appearance', appearance: { color: 'red' } },
      { type: 'hello' },
      { type: 'SUBMIT', attemptId: 'attempt_0001' },
      [{ type: 'reset' }],
    ].map((value) => JSON.stringify(value));
    payloads.push('{"type":"validate","requestId":"request_0001","__proto__":{"polluted":true}}');
    payloads.push('{"__proto__":{"type":"submit","attemptId":"attempt_0001"}}');
    payloads.push(
      ...fc.sample(fc.jsonValue(), { numRuns: 200, seed: 7 }).map((value) => JSON.stringify(value) ?? 'null'),
    );
    await fixture.page.evaluate((texts) => {
      const port = (window as unknown as { __port: MessagePort }).__port;
      for (const text of texts) port.postMessage(JSON.parse(text));
      port.postMessage(new Date());
      port.postMessage(new Map([['type', 'reset']]));
      port.postMessage(new ArrayBuffer(16));
    }, payloads);
    await settle(300);
    assert.equal((await fixture.messages()).length, before, 'the frame answered nothing');
    assert.equal(fixture.sessionCalls.length, 1);
    assert.equal(fixture.paymentCalls.length, 0);
    assert.equal(await frame.evaluate(() => document.documentElement.getAttribute('style')), null);
    assert.equal(await frame.evaluate(() => (({}) as Record<string, unknown>)['polluted']), undefined);
    assert.deepEqual(fixture.pageErrors, []);
    assert.deepEqual(fixture.consoleMessages, []);
    // Still alive.
    await fixture.send({ type: 'validate', requestId: 'request_0002' });
    const [validation] = await fixture.waitForMessage('validation');
    assert.deepEqual(validation, {
      type: 'validation',
      requestId: 'request_0002',
      valid: false,
      invalidFields: ['number', 'expiry', 'cvc'],
    });
  });
});
