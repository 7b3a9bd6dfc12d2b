/**
 * What the 3-D Secure tests of vault and payment sessions share: a fresh gateway and notification
 * receiver per test, with every answer, log line, notification and record swept for card secrets
 * after it; and the calls the container page and the buyer make (start, the issuer's pages, the code
 * form, complete), over real HTTP.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach } from 'node:test';
import { assertNoCardSecrets, type CardSecrets } from '../support/card-secrets.js';
import { send, type Answer } from '../support/http.js';
import { startReceiver, type Receiver } from '../support/notifications.js';
import { startTestGateway, type TestGateway } from '../support/servers.js';
import { frameHeaders } from './calls.js';

/** The sandbox issuer's one-time code. */
export const CODE = '123456';

/** The 3DS challenge lifetime. */
export const TEN_MINUTES = 10 * 60 * 1000;

/** The ACS transaction id the issuer's page carries in its form. */
export function hiddenTransId(page: Answer): string {
  const id = /name="acsTransID" value="([0-9a-f-]{36})"/.exec(page.text)?.[1];
  assert.ok(id, `the issuer page carries the transaction id: ${page.text.slice(0, 200)}`);
  return id;
}

/** The JSON object of the `cres` in the issuer's redirect (Base64URL without padding). */
export function decodeCres(location: string): Record<string, unknown> {
  const cres = new URL(location).searchParams.get('cres') ?? '';
  assert.match(cres, /^[A-Za-z0-9_-]+$/, 'cres is Base64URL without padding');
  return JSON.parse(Buffer.from(cres, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** One test's gateway, receiver and the calls of a challenge. */
export interface ChallengeHarness {
  /** The running gateway of this test. */
  readonly t: TestGateway;
  /** The merchant's notification receiver of this test. */
  readonly receiver: Receiver;
  /** The gateway's origin. */
  gateway(): string;
  /** The issuer's origin. */
  issuer(): string;
  /** Remembers an answer for the card-secret sweep and returns it. */
  keep(answer: Answer): Answer;
  /** Adds texts (records, snapshots) to the card-secret sweep. */
  note(...texts: string[]): void;
  /** Replaces this test's gateway by one started with `options` (e.g. another merchant). */
  restart(options: Parameters<typeof startTestGateway>[0]): Promise<void>;
  /** A same-origin SDK call, as the frame or the container makes it. */
  sdk(path: string, body: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** `POST /sdk/v1/challenges/start`. */
  start(challengeId: string): Promise<Answer>;
  /** `POST /sdk/v1/challenges/complete`. */
  complete(challengeId: string): Promise<Answer>;
  /** A form post from a page of the gateway's origin. */
  form(url: string, fields: Record<string, string>, type?: string): Promise<Answer>;
  /** Starts the challenge and opens the issuer's page, as the container does. */
  openIssuerPage(challengeId: string): Promise<{ page: Answer; acsTransID: string; creq: string }>;
  /** The buyer's answer on the issuer's page. */
  submitCode(acsTransID: string, code: string, action?: string): Promise<Answer>;
}

/** Registers the per-test gateway and the card-secret sweep; read the harness inside tests only. */
export function useChallengeHarness(secrets: CardSecrets): ChallengeHarness {
  let t: TestGateway | undefined;
  let receiver: Receiver | undefined;
  let seen: string[] = [];

  beforeEach(async () => {
    receiver = await startReceiver();
    t = await startTestGateway({ notificationTimeScale: 0.001 });
    seen = [];
  });
  afterEach(async () => {
    const engine = t!.gateway.engine;
    const records = [
      ...engine.notifications.list().map((record) => JSON.stringify(record)),
      ...engine.listPayments().map((payment) => JSON.stringify(payment)),
    ];
    assertNoCardSecrets(
      [...seen, ...records, ...t!.logs, ...receiver!.receipts.map((receipt) => receipt.body)],
      secrets,
    );
    await t!.close();
    await receiver!.close();
  });

  const harness: ChallengeHarness = {
    get t() {
      return t!;
    },
    get receiver() {
      return receiver!;
    },
    gateway: () => t!.gateway.origin,
    issuer: () => t!.gateway.issuerOrigin,
    keep(answer) {
      seen.push(answer.text, JSON.stringify(answer.headers));
      return answer;
    },
    note(...texts) {
      seen.push(...texts);
    },
    async restart(options) {
      await t!.close();
      t = await startTestGateway(options);
    },
    async sdk(path, body, headers = {}) {
      return harness.keep(
        await send(`${harness.gateway()}${path}`, {
          method: 'POST',
          headers: { ...frameHeaders(harness.gateway()), ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      );
    },
    start: (challengeId) => harness.sdk('/sdk/v1/challenges/start', { challengeId }),
    complete: (challengeId) => harness.sdk('/sdk/v1/challenges/complete', { challengeId }),
    async form(url, fields, type = 'application/x-www-form-urlencoded') {
      return harness.keep(
        await send(url, {
          method: 'POST',
          headers: { 'Content-Type': type, Origin: harness.gateway() },
          body: new URLSearchParams(fields).toString(),
        }),
      );
    },
    async openIssuerPage(challengeId) {
      const started = await harness.start(challengeId);
      assert.equal(started.status, 200, started.text);
      assert.equal((started.json['result'] as { resultCode?: unknown }).resultCode, 'SUCCESS', started.text);
      const creq = String(started.json['creq']);
      const page = await harness.form(String(started.json['acsUrl']), { creq });
      assert.equal(page.status, 200, page.text);
      return { page, acsTransID: hiddenTransId(page), creq };
    },
    submitCode: (acsTransID, code, action = 'verify') =>
      harness.form(`${harness.issuer()}/acs/challenge/submit`, { acsTransID, code, action }),
  };
  return harness;
}
