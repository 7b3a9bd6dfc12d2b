/**
 * The 3-D Secure challenge of a vaulting session over real HTTP, without a browser: the frame's
 * `/sdk/v1/vaults` gets `VERIFICATION_IN_PROCESS` and a challenge id, the container starts it, the
 * issuer's ACS (its own origin) asks for the code, sends the buyer back with a `cres`, and
 * `complete` binds (or refuses) the card from what the ACS recorded.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startGateway } from '../../gateway/src/index.js';
import { CODE, TEN_MINUTES, decodeCres, hiddenTransId, useChallengeHarness } from './challenge-harness.js';
import { CARDS, card, type TestCardData } from '../support/cards.js';
import { at, send, type Answer } from '../support/http.js';
import { MERCHANT_ORIGIN, testMerchant } from '../support/servers.js';
import { settle, waitFor } from '../support/waits.js';
import { newKey, newRequestId, resultCode, sdkPost, vaultApi } from './calls.js';

const CVC = '837';
const SECRETS = { pans: [CARDS.visa.approved, CARDS.mastercard.approved, CARDS.visa.frictionless], cvcs: [CVC] };
const REDIRECT_ORIGIN = 'https://shop.example';
const CHALLENGE_HTML =
  '<!doctype html><title>challenge</title><script type="module" src="/sdk/v1/assets/c.js"></script>';

const visa = (overrides: Partial<TestCardData> = {}): TestCardData =>
  card(CARDS.visa.approved, { cvc: CVC, ...overrides });

describe('3-D Secure challenge of a vaulting session', () => {
  const h = useChallengeHarness(SECRETS);
  const { gateway, issuer, keep, sdk, start, complete, form, openIssuerPage, submitCode } = h;

  /** `createVaultingSession` over the signed Open API, with `is3DSAuthentication` unless told otherwise. */
  async function vaultingSession(threeDS = true): Promise<{ data: string; id: string; requestId: string }> {
    const requestId = newRequestId('vault3ds');
    const created = await vaultApi(gateway(), 'createVaultingSession', {
      paymentMethodType: 'CARD',
      vaultingRequestId: requestId,
      vaultingNotificationUrl: h.receiver.url('/antom/vaulting'),
      redirectUrl: `${REDIRECT_ORIGIN}/cards`,
      ...(threeDS ? { is3DSAuthentication: true } : {}),
    });
    assert.equal(resultCode(created), 'SUCCESS', created.text);
    return {
      data: String(created.json['vaultingSessionData']),
      id: String(created.json['vaultingSessionId']),
      requestId,
    };
  }

  const inquireVaulting = async (requestId: string): Promise<Answer> =>
    keep(await vaultApi(gateway(), 'inquireVaulting', { vaultingRequestId: requestId }));

  const bind = async (data: string, cardData = visa(), key = newKey()): Promise<Answer> =>
    keep(await sdkPost(gateway(), '/sdk/v1/vaults', { paymentSessionData: data, card: cardData }, key));

  /** Binds a card in a 3DS session and returns the challenge id. */
  async function challenged(data: string, cardData = visa()): Promise<string> {
    const answer = await bind(data, cardData);
    assert.equal(at(answer.json, 'result.resultCode'), 'VERIFICATION_IN_PROCESS', answer.text);
    const id = String(at(answer.json, 'challenge.id'));
    assert.match(id, /^[A-Za-z0-9_-]{8,128}$/);
    return id;
  }

  const vaultingNotifications = (): Array<Record<string, unknown>> => h.receiver.bodies();

  it('binds the card only after the issuer verified the buyer: /vaults U -> start -> ACS -> notify -> complete S', async () => {
    const { data, id: sessionId, requestId } = await vaultingSession();
    const answer = await bind(data);
    assert.deepEqual(Object.keys(answer.json).sort(), ['challenge', 'result']);
    assert.deepEqual(answer.json['result'], {
      resultCode: 'VERIFICATION_IN_PROCESS',
      resultStatus: 'U',
      resultMessage: 'The verification is in process.',
    });
    const id = String(at(answer.json, 'challenge.id'));
    assert.match(id, /^[A-Za-z0-9_-]{8,128}$/);
    assert.equal(at((await inquireVaulting(requestId)).json, 'vaultingStatus'), 'PROCESSING');
    assert.equal(h.t.gateway.engine.vaulting.bySessionId(sessionId)?.vaulted, undefined, 'nothing bound yet');

    const started = await start(id);
    assert.equal(started.status, 200);
    assert.equal(started.json['acsUrl'], `${issuer()}/acs/challenge`);
    assert.equal(started.json['windowSize'], '03');
    assert.match(String(started.json['creq']), /^[A-Za-z0-9_-]+$/, 'creq is Base64URL without padding');
    const creq = JSON.parse(Buffer.from(String(started.json['creq']), 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(creq['messageType'], 'CReq');
    assert.equal(creq['messageVersion'], '2.2.0');
    assert.equal(creq['challengeWindowSize'], '03');

    const page = await form(String(started.json['acsUrl']), { creq: String(started.json['creq']) });
    assert.equal(page.status, 200);
    assert.match(page.text, /<html lang="en-US" dir="ltr">/);
    assert.match(page.text, /Test Shop wants to save your card\. No money will be taken\./);
    assert.match(
      page.text,
      /Visa <span aria-hidden="true">••••<\/span><span class="visually-hidden">ending<\/span> 0768/,
    );
    assert.match(page.text, /<label for="code">One-time code<\/label>/);
    assert.match(
      page.text,
      /<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"/,
    );
    assert.match(page.text, /Sandbox: the code is <strong>123456<\/strong>/);
    assert.doesNotMatch(page.text, /<script/i);
    assert.doesNotMatch(page.text, /aria-invalid/);

    const completedEarly = await complete(id);
    assert.equal(resultCode(completedEarly), 'VERIFICATION_IN_PROCESS', 'no ACS answer yet');
    assert.equal(at(completedEarly.json, 'result.resultStatus'), 'U');

    const verified = await submitCode(hiddenTransId(page), CODE);
    assert.equal(verified.status, 303);
    const location = String(verified.headers['location']);
    assert.ok(location.startsWith(`${gateway()}/sdk/v1/challenges/notify?cres=`), location);
    const cres = decodeCres(location);
    assert.equal(cres['transStatus'], 'Y');
    assert.equal(cres['threeDSServerTransID'], creq['threeDSServerTransID']);
    assert.equal(cres['messageType'], 'CRes');

    const notify = keep(await send(location));
    assert.equal(notify.status, 200);
    assert.match(notify.text, /Returning to Test Shop…/);
    assert.doesNotMatch(notify.text, /<script/i);
    assert.equal(h.receiver.receipts.length, 0, 'no notifyVaulting before complete');

    const completed = await complete(id);
    assert.deepEqual(completed.json, {
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' },
      card: { brand: 'VISA', last4: '0768', expiryMonth: '12', expiryYear: '34' },
    });
    assert.deepEqual((await complete(id)).json, completed.json, 'complete is idempotent');

    await waitFor(() => h.receiver.receipts.length === 1, { timeout: 3000, message: 'notifyVaulting' });
    const body = vaultingNotifications()[0]!;
    assert.equal(body['vaultingStatus'], 'SUCCESS');
    assert.equal(body['vaultingRequestId'], requestId);
    const token = String(at(body, 'paymentMethodDetail.card.cardToken'));
    assert.match(token, /^ALIPAY[0-9A-F]{40}$/);
    assert.equal(h.t.gateway.engine.tokens.owned('SANDBOX_TEST_SHOP', token)?.card.lastFour, '0768');
    assert.ok(!completed.text.includes(token), 'the token never reaches the browser');

    const inquiry = await inquireVaulting(requestId);
    assert.equal(inquiry.json['vaultingStatus'], 'SUCCESS');
    assert.equal(at(inquiry.json, 'paymentMethodDetail.card.cardToken'), token);
    const threeDS = h.t.gateway.engine.vaulting.bySessionId(sessionId)?.vaulted?.threeDSResult;
    assert.equal(threeDS?.threeDSVersion, '2.2.0');
    assert.equal(threeDS?.eci, '05');
    assert.equal(threeDS?.challenged, 'true');
    assert.equal(threeDS?.challengeCancel, 'false');

    await settle(50);
    assert.equal(h.receiver.receipts.length, 1, 'exactly one notifyVaulting');
    h.note(
      JSON.stringify(h.t.gateway.engine.vaulting.bySessionId(sessionId)),
      JSON.stringify(h.t.gateway.engine.challenges.get(id)),
      JSON.stringify(h.t.gateway.engine.notifications.list()),
    );
  });

  it('binds a Mastercard typed with spaces in the code; its ECI is 02', async () => {
    const { data, id: sessionId } = await vaultingSession();
    const id = await challenged(data, card(CARDS.mastercard.approved, { cvc: CVC }));
    const { acsTransID } = await openIssuerPage(id);
    assert.equal((await submitCode(acsTransID, ` ${CODE.slice(0, 3)} ${CODE.slice(3)} `)).status, 303);
    assert.equal(at((await complete(id)).json, 'card.last4'), '4622');
    assert.equal(h.t.gateway.engine.vaulting.bySessionId(sessionId)?.vaulted?.threeDSResult?.eci, '02');
  });

  it('speaks the browser’s language: Hebrew right to left, the card and the code field left to right', async () => {
    const { data } = await vaultingSession();
    const id = await challenged(data);
    const started = await start(id);
    const post = async (url: string, fields: Record<string, string>): Promise<Answer> =>
      keep(
        await send(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Origin: gateway(),
            'Accept-Language': 'xx-YY, iw;q=0.9, en;q=0.5',
          },
          body: new URLSearchParams(fields).toString(),
        }),
      );
    const page = await post(String(started.json['acsUrl']), { creq: String(started.json['creq']) });
    assert.equal(page.status, 200);
    assert.match(page.text, /<html lang="he-IL" dir="rtl">/);
    assert.match(page.text, /<h1>אימות זהות<\/h1>/);
    assert.match(page.text, /Test Shop רוצה לשמור את הכרטיס שלך\. לא יחויב שום סכום\./);
    assert.match(
      page.text,
      /<dd dir="ltr">Visa <span aria-hidden="true">••••<\/span><span class="visually-hidden">המסתיים ב-<\/span> 0768<\/dd>/,
    );
    assert.match(page.text, /<label for="code">קוד חד-פעמי<\/label>/);
    assert.match(page.text, /<input id="code" [^>]*dir="ltr"/);
    assert.match(page.text, /סביבת בדיקה: הקוד הוא <strong>123456<\/strong>\./);
    const wrong = await post(`${issuer()}/acs/challenge/submit`, { acsTransID: hiddenTransId(page), code: '000000' });
    assert.match(wrong.text, /הקוד שגוי\. ניסיונות שנותרו: 2\./);
  });

  it('names a wrong code, counts down, and refuses the buyer at the third: complete F, notifyVaulting FAIL', async () => {
    const { data, requestId } = await vaultingSession();
    const id = await challenged(data);
    const { acsTransID } = await openIssuerPage(id);

    const empty = await submitCode(acsTransID, '');
    assert.equal(empty.status, 200);
    assert.match(empty.text, /<p id="code-error" class="error" role="alert">Enter the 6-digit code we sent you\.<\/p>/);

    const wrong1 = await submitCode(acsTransID, '000000');
    assert.equal(wrong1.status, 200);
    assert.match(wrong1.text, /That code is not right\. You have 2 attempts left\./);
    assert.match(wrong1.text, /aria-describedby="code-error code-hint" aria-invalid="true"/);
    const wrong2 = await submitCode(acsTransID, '654321');
    assert.match(wrong2.text, /You have 1 attempt left\./);
    assert.equal(resultCode(await complete(id)), 'VERIFICATION_IN_PROCESS');

    const wrong3 = await submitCode(acsTransID, 'abc');
    assert.equal(wrong3.status, 303);
    assert.equal(decodeCres(String(wrong3.headers['location']))['transStatus'], 'N');
    const late = await submitCode(acsTransID, CODE);
    assert.equal(late.status, 303, 'the answer is final: the right code after the third wrong one changes nothing');
    assert.equal(decodeCres(String(late.headers['location']))['transStatus'], 'N');

    const completed = await complete(id);
    assert.equal(resultCode(completed), 'USER_PAYMENT_VERIFICATION_FAILED');
    assert.equal(at(completed.json, 'result.resultStatus'), 'F');
    assert.equal(at(completed.json, 'result.resultMessage'), 'The issuing bank could not verify the buyer.');
    assert.equal(completed.json['card'], undefined);
    await waitFor(() => h.receiver.receipts.length === 1, { timeout: 3000, message: 'notifyVaulting' });
    assert.equal(vaultingNotifications()[0]!['vaultingStatus'], 'FAIL');
    assert.equal(at(vaultingNotifications()[0], 'result.resultCode'), 'USER_PAYMENT_VERIFICATION_FAILED');
    const inquiry = await inquireVaulting(requestId);
    assert.equal(inquiry.json['vaultingStatus'], 'FAIL');
    assert.equal(inquiry.json['vaultingResultCode'], 'USER_PAYMENT_VERIFICATION_FAILED');
    assert.equal(inquiry.json['paymentMethodDetail'], undefined);

    // The buyer may try again in the same session: a new attempt, a new challenge.
    const retry = await challenged(data);
    assert.notEqual(retry, id);
  });

  it('Cancel on the issuer page refuses the buyer (N, challengeCancel) and fails the binding', async () => {
    const { data } = await vaultingSession();
    const id = await challenged(data);
    const { acsTransID } = await openIssuerPage(id);
    const cancelled = await submitCode(acsTransID, '', 'cancel');
    assert.equal(cancelled.status, 303);
    assert.equal(decodeCres(String(cancelled.headers['location']))['transStatus'], 'N');
    assert.equal(h.t.gateway.engine.challenges.get(id)?.challengeCancel, true);
    const completed = await complete(id);
    assert.equal(resultCode(completed), 'USER_PAYMENT_VERIFICATION_FAILED');
    assert.match(String(at(completed.json, 'result.resultMessage')), /cancelled/);
    await waitFor(() => h.receiver.receipts.length === 1, { timeout: 3000, message: 'notifyVaulting' });
    assert.equal(vaultingNotifications()[0]!['vaultingStatus'], 'FAIL');
  });

  it('expires an abandoned challenge after 10 minutes of the engine clock: F, notifyVaulting FAIL, pages closed', async () => {
    const { data, id: sessionId } = await vaultingSession();
    const id = await challenged(data);
    const { acsTransID, creq } = await openIssuerPage(id);
    writeFileSync(join(h.t.frameDir, 'challenge.html'), CHALLENGE_HTML);

    h.t.clock.advance(TEN_MINUTES - 1000);
    assert.equal(resultCode(await complete(id)), 'VERIFICATION_IN_PROCESS', 'still open at 9:59');
    assert.equal(h.receiver.receipts.length, 0);

    h.t.clock.advance(1000);
    await waitFor(() => h.receiver.receipts.length === 1, { timeout: 3000, message: 'notifyVaulting on expiry' });
    assert.equal(vaultingNotifications()[0]!['vaultingStatus'], 'FAIL');
    assert.equal(h.t.gateway.engine.vaulting.bySessionId(sessionId)?.status, 'FAIL');

    const completed = await complete(id);
    assert.equal(resultCode(completed), 'USER_PAYMENT_VERIFICATION_FAILED');
    assert.match(String(at(completed.json, 'result.resultMessage')), /expired/);
    const started = await start(id);
    assert.equal(resultCode(started), 'USER_PAYMENT_VERIFICATION_FAILED');
    assert.equal(started.json['creq'], undefined);
    const late = await submitCode(acsTransID, CODE);
    assert.equal(late.status, 410);
    assert.match(late.text, /This verification expired/);
    assert.equal((await form(`${issuer()}/acs/challenge`, { creq })).status, 410);
    const container = keep(await send(`${gateway()}/sdk/v1/challenge?id=${id}&locale=en_US`));
    assert.equal(container.status, 404);
    assert.match(String(container.headers['content-security-policy']), /frame-ancestors 'none'$/);
    await settle(50);
    assert.equal(h.receiver.receipts.length, 1, 'one notification for the expiry');
  });

  it('a new attempt supersedes a pending challenge: the old one fails, the new one binds', async () => {
    const { data, id: sessionId } = await vaultingSession();
    const oldId = await challenged(data);
    const old = await openIssuerPage(oldId);
    const newId = await challenged(data, card(CARDS.mastercard.approved, { cvc: CVC }));

    const oldStart = await start(oldId);
    assert.equal(resultCode(oldStart), 'USER_PAYMENT_VERIFICATION_FAILED');
    assert.equal(at(oldStart.json, 'result.resultMessage'), 'A newer attempt replaced this verification.');
    const oldCode = await submitCode(old.acsTransID, CODE);
    assert.equal(oldCode.status, 410, 'the old issuer page no longer answers');
    assert.match(oldCode.text, /A newer attempt replaced this verification/);

    const fresh = await openIssuerPage(newId);
    assert.equal((await submitCode(fresh.acsTransID, CODE)).status, 303);
    const completed = await complete(newId);
    assert.equal(at(completed.json, 'card.brand'), 'MASTERCARD');
    const oldComplete = await complete(oldId);
    assert.equal(resultCode(oldComplete), 'USER_PAYMENT_VERIFICATION_FAILED');
    assert.equal(h.t.gateway.engine.vaulting.bySessionId(sessionId)?.vaulted?.card.lastFour, '4622');

    await waitFor(() => h.receiver.receipts.length === 1, { timeout: 3000, message: 'notifyVaulting' });
    await settle(50);
    assert.deepEqual(
      vaultingNotifications().map((body) => body['vaultingStatus']),
      ['SUCCESS'],
      'the superseded challenge sends nothing',
    );
    const again = await bind(data, visa());
    assert.equal(resultCode(again), 'ORDER_IS_CLOSED', 'a bound session takes no more cards');
  });

  it('answers the same Idempotency-Key with the same challenge, and refuses other card data under it', async () => {
    const { data } = await vaultingSession();
    const key = newKey();
    const first = await bind(data, visa(), key);
    const second = await bind(data, visa(), key);
    assert.deepEqual(second.json, first.json);
    const id = String(at(first.json, 'challenge.id'));
    assert.equal(resultCode(await start(id)), 'SUCCESS', 'the replay did not supersede the challenge');
    const other = await bind(data, visa({ expiryMonth: '11' }), key);
    assert.equal(resultCode(other), 'REPEAT_REQ_INCONSISTENT');
    assert.equal(resultCode(await start(id)), 'SUCCESS', 'a refused replay supersedes nothing');
  });

  it('fails a declined card at once and binds a frictionless card at once, without a challenge', async () => {
    const { data } = await vaultingSession();
    const declined = await bind(data, card(CARDS.visa.declined, { cvc: CVC }));
    assert.equal(resultCode(declined), 'DO_NOT_HONOR');
    assert.equal(declined.json['challenge'], undefined);

    const { data: other, id: sessionId } = await vaultingSession();
    const frictionless = await bind(other, card(CARDS.visa.frictionless, { cvc: CVC }));
    assert.equal(resultCode(frictionless), 'SUCCESS');
    assert.equal(frictionless.json['challenge'], undefined);
    const threeDS = h.t.gateway.engine.vaulting.bySessionId(sessionId)?.vaulted?.threeDSResult;
    assert.equal(threeDS?.challenged, 'false');

    const { data: plain } = await vaultingSession(false);
    assert.equal(resultCode(await bind(plain)), 'SUCCESS', 'without is3DSAuthentication the card binds at once');
  });

  it('keeps start and complete to the gateway origin: other origins, methods and media types are refused', async () => {
    const { data } = await vaultingSession();
    const id = await challenged(data);
    for (const path of ['/sdk/v1/challenges/start', '/sdk/v1/challenges/complete']) {
      const crossOrigin = await sdk(path, { challengeId: id }, { Origin: MERCHANT_ORIGIN });
      assert.equal(crossOrigin.status, 403, path);
      assert.equal(resultCode(crossOrigin), 'ACCESS_DENIED');
      assert.equal(crossOrigin.headers['access-control-allow-origin'], undefined);
      const crossSite = await sdk(path, { challengeId: id }, { 'Sec-Fetch-Site': 'cross-site' });
      assert.equal(crossSite.status, 403);
      const noOrigin = keep(
        await send(`${gateway()}${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ challengeId: id }),
        }),
      );
      assert.equal(noOrigin.status, 403, 'a request without Origin is not the container');
      const get = keep(await send(`${gateway()}${path}`, { headers: { Origin: gateway() } }));
      assert.equal(get.status, 405);
      assert.equal(resultCode(get), 'METHOD_NOT_SUPPORTED');
      const text = await sdk(path, `challengeId=${id}`, { 'Content-Type': 'text/plain' });
      assert.equal(text.status, 415);
    }
    assert.equal(h.t.gateway.engine.challenges.get(id)?.state, 'CREATED', 'nothing refused changed the challenge');
  });

  it('names malformed start and complete bodies and unknown challenges', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      ['{', 'PARAM_ILLEGAL', /not valid JSON/],
      [[], 'PARAM_ILLEGAL', /request body must be a JSON object/],
      [{}, 'PARAM_ILLEGAL', /^challengeId is required$/],
      [{ challengeId: 'short' }, 'PARAM_ILLEGAL', /^challengeId must be 8 to 128 letters/],
      [{ challengeId: 'CH0123456789', extra: 1 }, 'PARAM_ILLEGAL', /^extra is not allowed$/],
      [{ challengeId: 42 }, 'PARAM_ILLEGAL', /^challengeId must be 8 to 128/],
      [{ challengeId: 'CH0123456789' }, 'ORDER_NOT_EXIST', /No challenge with this id exists/],
    ];
    for (const path of ['/sdk/v1/challenges/start', '/sdk/v1/challenges/complete']) {
      for (const [body, code, message] of cases) {
        const answer = await sdk(path, typeof body === 'string' ? body : JSON.stringify(body));
        assert.equal(resultCode(answer), code, `${path} ${JSON.stringify(body)}: ${answer.text}`);
        assert.equal(at(answer.json, 'result.resultStatus'), 'F');
        assert.match(String(at(answer.json, 'result.resultMessage')), message);
      }
    }
    const huge = await sdk('/sdk/v1/challenges/start', JSON.stringify({ challengeId: 'x'.repeat(70_000) }));
    assert.equal(huge.status, 413);
  });

  it('serves the container page with the exact CSP, 503 until it is built, 404 for unknown ids', async () => {
    const { data } = await vaultingSession();
    const id = await challenged(data);
    const url = `${gateway()}/sdk/v1/challenge?id=${id}&locale=en_US`;
    const csp = (ancestors: string): string =>
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; ` +
      `frame-src ${issuer()} 'self'; form-action ${issuer()}; base-uri 'none'; require-trusted-types-for 'script'; ` +
      `trusted-types 'none'; frame-ancestors ${ancestors}`;

    const unbuilt = keep(await send(url));
    assert.equal(unbuilt.status, 503);
    assert.match(unbuilt.text, /not built/);

    writeFileSync(join(h.t.frameDir, 'challenge.html'), CHALLENGE_HTML);
    const container = keep(await send(url));
    assert.equal(container.status, 200);
    assert.equal(container.text, CHALLENGE_HTML);
    assert.equal(container.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(container.headers['content-security-policy'], csp(`${REDIRECT_ORIGIN} ${MERCHANT_ORIGIN}`));
    assert.equal(container.headers['x-content-type-options'], 'nosniff');
    assert.equal(container.headers['cache-control'], 'no-store');
    assert.equal((await send(url, { method: 'HEAD' })).status, 200);

    for (const bad of ['CH0123456789', 'x', '', '%3Cscript%3E']) {
      const unknown = keep(await send(`${gateway()}/sdk/v1/challenge?id=${bad}`));
      assert.equal(unknown.status, 404, bad);
      assert.equal(unknown.headers['content-security-policy'], csp("'none'"));
      assert.doesNotMatch(unknown.text, /<script/);
    }
    const post = keep(await send(url, { method: 'POST' }));
    assert.equal(post.status, 405);
  });

  it('serves the notify page and the issuer pages with their exact CSPs', async () => {
    const { data } = await vaultingSession();
    const id = await challenged(data);
    const { page, acsTransID } = await openIssuerPage(id);
    const ancestors = `${gateway()} ${REDIRECT_ORIGIN} ${MERCHANT_ORIGIN}`;
    assert.equal(
      page.headers['content-security-policy'],
      `default-src 'none'; style-src 'self'; form-action 'self' ${gateway()}; frame-ancestors ${ancestors}; base-uri 'none'`,
    );
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.match(page.text, /<link rel="stylesheet" href="\/acs\/acs\.css">/);
    const css = keep(await send(`${issuer()}/acs/acs.css`));
    assert.equal(css.status, 200);
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    assert.match(css.text, /:focus-visible/);
    assert.match(css.text, /font-size: 16px/);

    const redirect = await submitCode(acsTransID, CODE);
    const notify = keep(await send(String(redirect.headers['location'])));
    assert.equal(
      notify.headers['content-security-policy'],
      `default-src 'none'; style-src 'self'; frame-ancestors ${ancestors}`,
    );
    assert.match(notify.text, /<link rel="stylesheet" href="\/sdk\/v1\/challenges\/notify\.css">/);
    const notifyCss = keep(await send(`${gateway()}/sdk/v1/challenges/notify.css`));
    assert.equal(notifyCss.status, 200);

    for (const cres of [
      '',
      'garbage!',
      Buffer.from('{"messageType":"CRes"}').toString('base64url'),
      'A'.repeat(5000),
    ]) {
      const bad = keep(await send(`${gateway()}/sdk/v1/challenges/notify?cres=${cres}`));
      assert.equal(bad.status, 400, cres.slice(0, 20));
      assert.equal(
        bad.headers['content-security-policy'],
        "default-src 'none'; style-src 'self'; frame-ancestors 'none'",
      );
    }
  });

  it('escapes the merchant name on the issuer and notify pages', async () => {
    const name = `Shop <script>alert("x")</script> & 'Co'`;
    await h.restart({ notificationTimeScale: 0.001, merchants: [testMerchant({ name })] });
    const { data } = await vaultingSession();
    const id = await challenged(data);
    const { page, acsTransID } = await openIssuerPage(id);
    const escaped = 'Shop &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;';
    assert.ok(page.text.includes(`${escaped} wants to save your card`), page.text);
    assert.doesNotMatch(page.text, /<script/);
    const notify = keep(await send(String((await submitCode(acsTransID, CODE)).headers['location'])));
    assert.ok(notify.text.includes(`Returning to ${escaped}…`));
    assert.doesNotMatch(notify.text, /<script/);
  });

  it('answers bad requests to the issuer with clear 4xx pages and keeps serving', async () => {
    const { data } = await vaultingSession();
    const id = await challenged(data);
    const acs = `${issuer()}/acs/challenge`;
    const unknownCreq = Buffer.from(
      JSON.stringify({
        messageType: 'CReq',
        messageVersion: '2.2.0',
        threeDSServerTransID: '00000000-0000-4000-8000-000000000000',
        acsTransID: '00000000-0000-4000-8000-000000000001',
        challengeWindowSize: '03',
      }),
    ).toString('base64url');
    const cases: Array<[string, Promise<Answer>, number, RegExp]> = [
      // GET is the full-page redirect's way in (payments/pay, vaultPaymentMethod): it needs a creq too.
      ['GET without a creq', send(acs), 400, /The link carries no creq/],
      ['GET with an unknown creq', send(`${acs}?creq=${unknownCreq}`), 404, /no verification for this request/],
      ['PUT', send(acs, { method: 'PUT' }), 405, /Method not allowed/],
      ['no creq', form(acs, {}), 400, /no creq field/],
      ['garbage creq', form(acs, { creq: '%%%' }), 400, /not a Base64URL challenge request/],
      ['JSON not creq', form(acs, { creq: Buffer.from('[1]').toString('base64url') }), 400, /not a Base64URL/],
      ['unknown ids', form(acs, { creq: unknownCreq }), 404, /no verification for this request/],
      ['JSON body', form(acs, { creq: unknownCreq }, 'application/json'), 415, /url-encoded forms only/],
      ['no transaction', form(`${issuer()}/acs/challenge/submit`, { code: CODE }), 400, /acsTransID/],
      [
        'unknown transaction',
        form(`${issuer()}/acs/challenge/submit`, { acsTransID: '00000000-0000-4000-8000-000000000001', code: CODE }),
        404,
        /no verification/,
      ],
      [
        'bad action',
        form(`${issuer()}/acs/challenge/submit`, { acsTransID: '00000000-0000-4000-8000-000000000001', action: 'x' }),
        400,
        /verify or cancel/,
      ],
      [
        'oversized',
        send(acs, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: `creq=${'A'.repeat(20_000)}`,
        }),
        413,
        /exceeds 8192 bytes/,
      ],
      ['unknown path', send(`${issuer()}/nowhere`), 404, /no page at \/nowhere/],
    ];
    for (const [what, pending, status, text] of cases) {
      const answer = keep(await pending);
      assert.equal(answer.status, status, `${what}: ${answer.text.slice(0, 300)}`);
      assert.match(answer.text, text, what);
      assert.match(answer.text, /^<!doctype html>\n<html lang="en">/, what);
      assert.match(String(answer.headers['content-security-policy']), /^default-src 'none'; style-src 'self'/, what);
    }
    const { page } = await openIssuerPage(id);
    assert.equal(page.status, 200, 'the issuer still serves after bad requests');
  });

  it('starts the issuer server on its own port and closes it with the gateway', async () => {
    assert.notEqual(h.t.gateway.issuerPort, h.t.gateway.port);
    assert.equal(h.t.gateway.issuerOrigin, `http://127.0.0.1:${h.t.gateway.issuerPort}`);
    assert.ok(h.t.logs.every((line) => !line.includes('/acs/')));
    await send(`${issuer()}/acs/acs.css`);
    assert.ok(
      h.t.logs.some((line) => line.startsWith('[issuer] GET /acs/acs.css 200')),
      h.t.logs.join('\n'),
    );
    await assert.rejects(
      startGateway({ port: 0, issuerPort: -1, sandboxDir: h.t.dir }),
      /issuerPort must be an integer/,
    );
    const origin = issuer();
    await h.t.gateway.close();
    await assert.rejects(send(`${origin}/acs/acs.css`), /ECONNREFUSED/);
  });
});
