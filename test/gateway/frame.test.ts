import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { send, type Answer } from '../support/http.js';
import { DUMMY_FRAME_HTML, MERCHANT_ORIGIN, startTestGateway, type TestGateway } from '../support/servers.js';
import { newSessionData, resultCode, sessionView } from './calls.js';

function frameAncestors(answer: Answer): string {
  const csp = String(answer.headers['content-security-policy']);
  const directive = csp
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith('frame-ancestors '));
  return directive?.slice('frame-ancestors '.length) ?? '';
}

describe('GET /sdk/v1/frame', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  const framePage = (origin: string): Promise<Answer> =>
    send(`${t.gateway.origin}/sdk/v1/frame?origin=${encodeURIComponent(origin)}&locale=en_US`);

  it('serves the frame page, which names no session, with frame-ancestors = exactly the origin it was asked for', async () => {
    const answer = await framePage(MERCHANT_ORIGIN);
    assert.equal(answer.status, 200);
    assert.equal(answer.text, DUMMY_FRAME_HTML);
    assert.equal(answer.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(frameAncestors(answer), MERCHANT_ORIGIN);
    assert.equal(
      answer.headers['content-security-policy'],
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        `base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'; trusted-types 'none'; ` +
        `frame-ancestors ${MERCHANT_ORIGIN}`,
    );
    assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    assert.equal(answer.headers['referrer-policy'], 'no-referrer');
    assert.equal(answer.headers['cache-control'], 'no-store');
    assert.equal(answer.headers['access-control-allow-origin'], undefined);
    assert.equal(answer.headers['cross-origin-resource-policy'], undefined);
  });

  it("answers 404 with frame-ancestors 'none' for malformed or missing origins", async () => {
    for (const query of [
      `?origin=${encodeURIComponent(`${MERCHANT_ORIGIN}/path`)}`,
      `?origin=${encodeURIComponent(`${MERCHANT_ORIGIN} https://attacker.example`)}`,
      "?origin=%27none%27",
      '?origin=%3Cscript%3E',
      '?sessionId=PS000000000000000000000000',
      '',
    ]) {
      const answer = await send(`${t.gateway.origin}/sdk/v1/frame${query}`);
      assert.equal(answer.status, 404, query);
      assert.equal(frameAncestors(answer), "'none'");
      assert.ok(!answer.text.includes('<script'));
    }
  });

  it("shows a session's view only to a page its merchant registered (the frame reports the page's origin)", async () => {
    const { data } = await newSessionData(t.gateway.origin, { paymentRedirectUrl: 'https://shop.example/thanks' });
    assert.equal(resultCode(await sessionView(t.gateway.origin, data, MERCHANT_ORIGIN)), 'SUCCESS');
    assert.equal(resultCode(await sessionView(t.gateway.origin, data, 'https://shop.example')), 'SUCCESS');
    const other = await newSessionData(t.gateway.origin, { paymentRedirectUrl: 'https://other.example/done' });
    const page = await framePage('https://other.example');
    assert.equal(page.status, 200, 'any page may frame the empty frame, framed by that page alone');
    assert.equal(frameAncestors(page), 'https://other.example');
    const refused = await sessionView(t.gateway.origin, data, 'https://other.example');
    assert.equal(resultCode(refused), 'SESSION_INVALID');
    assert.match(String((refused.json['result'] as { resultMessage?: unknown }).resultMessage), /did not register/);
    assert.equal(resultCode(await sessionView(t.gateway.origin, other.data, 'https://other.example')), 'SUCCESS');
  });

  it('serves hashed assets same-origin only, with a long cache', async () => {
    const script = await send(`${t.gateway.origin}/sdk/v1/assets/frame-AbC123.js`);
    assert.equal(script.status, 200);
    assert.equal(script.text, 'console.log("frame");');
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(script.headers['cross-origin-resource-policy'], 'same-origin');
    assert.equal(script.headers['x-content-type-options'], 'nosniff');
    assert.match(String(script.headers['cache-control']), /max-age=31536000.*immutable/);
    assert.equal(script.headers['access-control-allow-origin'], undefined);
    const style = await send(`${t.gateway.origin}/sdk/v1/assets/frame-AbC123.css`);
    assert.equal(style.headers['content-type'], 'text/css; charset=utf-8');
  });

  it('refuses asset names outside the pattern (no path traversal)', async () => {
    for (const path of [
      '/sdk/v1/assets/../frame.html',
      '/sdk/v1/assets/..%2fframe.html',
      '/sdk/v1/assets/%2e%2e/frame.html',
      '/sdk/v1/assets/.hidden.js',
      '/sdk/v1/assets/sub/frame-AbC123.js',
      '/sdk/v1/assets/frame-AbC123.html',
      '/sdk/v1/assets/missing-123.js',
      '/sdk/v1/assets/',
    ]) {
      const answer = await send(`${t.gateway.origin}${path}`);
      assert.equal(answer.status, 404, path);
      assert.ok(!answer.text.includes('doctype'), path);
    }
  });

  it('answers 503 with a build hint when the frame page is not built', async () => {
    rmSync(join(t.frameDir, 'frame.html'));
    const answer = await framePage(MERCHANT_ORIGIN);
    assert.equal(answer.status, 503);
    assert.match(answer.text, /npm run build/);
  });
});

describe('GET /sdk/v1/frame of the built frame (ours: its files inlined)', () => {
  const frameDir = join(import.meta.dirname, '..', '..', 'dist', 'frame');
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({ frameDir });
  });
  after(() => t.close());

  it('carries its script and stylesheet inline, each allowed by its SHA-256 alone, and still serves them as files', async () => {
    const answer = await send(`${t.gateway.origin}/sdk/v1/frame?origin=${encodeURIComponent(MERCHANT_ORIGIN)}`);
    assert.equal(answer.status, 200);
    const built = readFileSync(join(frameDir, 'frame.html'), 'utf8');
    const [, scriptName] = /src="\/sdk\/v1\/assets\/([^"]+\.js)"/.exec(built) ?? [];
    const [, styleName] = /href="\/sdk\/v1\/assets\/([^"]+\.css)"/.exec(built) ?? [];
    assert.ok(scriptName && styleName, 'the built page names a script and a stylesheet');
    const script = readFileSync(join(frameDir, 'assets', scriptName), 'utf8');
    const style = readFileSync(join(frameDir, 'assets', styleName), 'utf8');
    assert.ok(answer.text.includes(`<script type="module">${script}</script>`));
    assert.ok(answer.text.includes(`<style>${style}</style>`));
    assert.ok(!answer.text.includes('/sdk/v1/assets/frame-'), 'no second request for its own files');
    const hash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');
    const csp = String(answer.headers['content-security-policy']);
    assert.match(csp, new RegExp(`script-src 'self' 'sha256-${escape(hash(script))}';`));
    assert.match(csp, new RegExp(`style-src 'self' 'sha256-${escape(hash(style))}';`));
    assert.ok(!csp.includes('unsafe-inline'));
    const file = await send(`${t.gateway.origin}/sdk/v1/assets/${scriptName}`);
    assert.equal(file.status, 200);
    assert.equal(file.text, script);
  });
});

/** `text` for a regular expression, taken literally. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
