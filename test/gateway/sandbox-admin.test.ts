import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { GatewayContext } from '../../gateway/src/context.js';
import { clockAdvanceEndpoint } from '../../gateway/src/sandbox-api/clock.js';
import { at, send, type Answer } from '../support/http.js';
import { START_TIME, startTestGateway, type TestGateway } from '../support/servers.js';
import { WEEK_MS, authorize, capture, inquire, resultCode } from './calls.js';

function advance(origin: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send(`${origin}/sandbox/clock/advance`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('sandbox clock admin', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('tells the time and moves it, releasing authorizations that became due', async () => {
    const clock = await send(`${t.gateway.origin}/sandbox/clock`);
    assert.equal(clock.status, 200);
    assert.equal(clock.json['now'], '2030-01-15T10:00:00.000Z');
    assert.equal(clock.json['mode'], 'manual');
    assert.equal(clock.headers['access-control-allow-origin'], undefined);

    const paymentId = await authorize(t.gateway.origin);
    try {
      const moved = await advance(t.gateway.origin, { days: 7 });
      assert.equal(moved.status, 200, moved.text);
      assert.equal(resultCode(moved), 'SUCCESS');
      assert.equal(moved.json['now'], '2030-01-22T10:00:00.000Z');
      assert.equal(moved.json['advancedMs'], WEEK_MS);
      const inquiry = await inquire(t.gateway.origin, { paymentId });
      assert.equal(inquiry.json['paymentStatus'], 'CANCELLED');
      const late = await capture(t.gateway.origin, paymentId);
      assert.match(String(at(late.json, 'result.resultMessage')), /^authorization expired at/);

      const ms = await advance(t.gateway.origin, { ms: 1500 });
      assert.equal(ms.json['now'], '2030-01-22T10:00:01.500Z');
    } finally {
      t.clock.set(START_TIME);
    }
  });

  it('refuses malformed moves, naming the field', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /^ms or days is required$/],
      [{ ms: 1, days: 1 }, /^send ms or days, not both$/],
      [{ ms: 0 }, /^ms must be at least 1$/],
      [{ ms: -5 }, /^ms must be at least 1$/],
      [{ days: 0 }, /^days must be greater than 0$/],
      [{ days: '7' }, /^days must be a number$/],
      [{ days: 3651 }, /^days must be at most 3650$/],
      [{ days: 1, hours: 2 }, /^hours is not allowed$/],
      [[1], /^request body must be a JSON object$/],
      ['{"days":', /^The request body is not valid JSON\.$/],
    ];
    for (const [body, message] of cases) {
      const answer = await advance(t.gateway.origin, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(resultCode(answer), 'PARAM_ILLEGAL');
      assert.match(String(at(answer.json, 'result.resultMessage')), message);
    }
    assert.equal(t.clock.now().toISOString(), new Date(START_TIME).toISOString(), 'the clock did not move');
  });

  it('refuses other methods, media types and foreign pages', async () => {
    const get = await send(`${t.gateway.origin}/sandbox/clock/advance`);
    assert.equal(get.status, 405);
    assert.equal(get.headers['allow'], 'POST');
    const text = await advance(t.gateway.origin, '{"days":1}', { 'Content-Type': 'text/plain' });
    assert.equal(text.status, 415);
    const foreign = await advance(t.gateway.origin, { days: 1 }, { Origin: 'http://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(resultCode(foreign), 'ACCESS_DENIED');
    const post = await send(`${t.gateway.origin}/sandbox/clock`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(t.clock.now().toISOString(), new Date(START_TIME).toISOString());
  });

  it('refuses to move the clock of a gateway that listens beyond loopback', async () => {
    const context = { engine: t.gateway.engine, origin: t.gateway.origin, boundToLoopback: false } as GatewayContext;
    const req = Object.assign(Readable.from([Buffer.from('{"days":1}')]), {
      headers: { 'content-type': 'application/json' },
      socket: { remoteAddress: '127.0.0.1' },
    }) as unknown as IncomingMessage;
    const answer = await clockAdvanceEndpoint(context)({
      req,
      method: 'POST',
      target: '/sandbox/clock/advance',
      pathname: '/sandbox/clock/advance',
      query: new URLSearchParams(),
    });
    assert.equal(answer.status, 403);
    assert.match(String(answer.body), /ACCESS_DENIED/);
    assert.equal(t.clock.now().toISOString(), new Date(START_TIME).toISOString());
  });
});

describe('clock kinds', () => {
  it('moves the default offset clock forward from the wall clock', async () => {
    const t = await startTestGateway({ clock: undefined });
    try {
      const before = Date.now();
      const moved = await advance(t.gateway.origin, { days: 1 });
      assert.equal(moved.json['mode'], 'offset');
      const now = Date.parse(String(moved.json['now']));
      assert.ok(now >= before + 24 * 60 * 60 * 1000 && now < Date.now() + 24 * 60 * 60 * 1000 + 1000);
    } finally {
      await t.close();
    }
  });

  it('says so when the clock it was given cannot move', async () => {
    const t = await startTestGateway({ clock: { now: () => new Date(START_TIME) } });
    try {
      const state = await send(`${t.gateway.origin}/sandbox/clock`);
      assert.equal(state.json['mode'], 'external');
      const moved = await advance(t.gateway.origin, { days: 1 });
      assert.equal(moved.status, 409);
      assert.equal(resultCode(moved), 'PROCESS_FAIL');
    } finally {
      await t.close();
    }
  });
});

describe('loopback-only pages and DNS rebinding', () => {
  it('answers nothing to a Host that is not this machine: every admin page, read or write', async () => {
    const t = await startTestGateway();
    try {
      const port = new URL(t.gateway.origin).port;
      const pages: Array<[string, string, string | undefined]> = [
        ['GET', '/sandbox/notifications', undefined],
        ['GET', '/sandbox/notifications.html', undefined],
        ['GET', '/sandbox/assets/notifications.js', undefined],
        ['GET', '/sandbox/clock', undefined],
        ['POST', '/sandbox/clock/advance', JSON.stringify({ ms: 1000 })],
      ];
      for (const [method, path, body] of pages) {
        const headers = { 'content-type': 'application/json' };
        const rebound = await send(`${t.gateway.origin}${path}`, {
          method,
          headers: { ...headers, host: `attacker.example:${port}` },
          ...(body ? { body } : {}),
        });
        assert.equal(rebound.status, 403, `${method} ${path}`);
        assert.equal(at(rebound.json, 'result.resultCode'), 'ACCESS_DENIED', `${method} ${path}`);
        const own = await send(`${t.gateway.origin}${path}`, {
          method,
          headers: { ...headers, host: `localhost:${port}` },
          ...(body ? { body } : {}),
        });
        assert.equal(own.status, 200, `${method} ${path} for localhost`);
      }
      const otherPort = await send(`${t.gateway.origin}/sandbox/clock`, { headers: { host: '127.0.0.1:1' } });
      assert.equal(otherPort.status, 403, 'the port counts too');
    } finally {
      await t.close();
    }
  });
});

describe('notification log page', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('serves a page without inline script or style, under a strict CSP', async () => {
    const page = await send(`${t.gateway.origin}/sandbox/notifications.html`);
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(page.text, /<script(?![^>]*\ssrc=)[^>]*>/, 'every script has a src');
    assert.doesNotMatch(page.text, /<style|\sstyle=|\son[a-z]+=/i);

    const script = await send(`${t.gateway.origin}/sandbox/assets/notifications.js`);
    assert.equal(script.status, 200);
    assert.match(String(script.headers['content-type']), /^text\/javascript/);
    assert.match(script.text, /textContent/);
    assert.doesNotMatch(script.text, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
    const style = await send(`${t.gateway.origin}/sandbox/assets/notifications.css`);
    assert.match(String(style.headers['content-type']), /^text\/css/);
    assert.equal((await send(`${t.gateway.origin}/sandbox/notifications.html`, { method: 'POST' })).status, 405);
  });
});
