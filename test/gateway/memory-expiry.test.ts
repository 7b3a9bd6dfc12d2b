/**
 * The gateway forgets what has expired (ours; docs/security.md "resource bounds"): sessions, the
 * answers of their attempts, the card-testing guard's counters and ended challenges leave memory
 * (and the database) once their retention after expiry passed on the engine clock, while payments
 * stay inquirable (soak.test.ts does the same at scale). Sessions are made with signed
 * `createPaymentSession` calls; time is moved with the sandbox clock, never waited for.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXPIRED_SESSION_RETENTION_MS, GATEWAY_DB_DIR, ManualClock } from '../../gateway/src/index.js';
import { openGatewayDb } from '../../gateway/src/gateway-db.js';
import { CARDS, card } from '../support/cards.js';
import { at } from '../support/http.js';
import {
  REFUSING_ORIGIN,
  START_TIME,
  freePort,
  startTestGateway,
  tempSandbox,
  type TestGateway,
} from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import {
  createSession,
  inquire,
  newKey,
  newRequestId,
  newSessionData,
  openApi,
  pay,
  resultCode,
  sdkPost,
  sessionView,
  vaultApi,
} from './calls.js';

const HOUR = 60 * 60 * 1000;
/** Past a session's longest lifetime (one hour, plus the tolerated minute of skew). */
const PAST_EXPIRY = HOUR + 60_000 + 1;
/** Past the day a session (and an ended challenge) is kept after its expiry. */
const PAST_RETENTION = EXPIRED_SESSION_RETENTION_MS + 1;
const SESSIONS = 300;

/** Runs `task` for 0..count-1, `width` at a time. */
async function inParallel(count: number, width: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

describe('expiry of per-session state', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(async () => {
    await t.close();
  });

  it('comes back to its baseline once sessions of every kind expired; payments stay', async () => {
    const origin = t.gateway.origin;
    const engine = t.gateway.engine;
    const baseline = engine.stats();

    await inParallel(SESSIONS, 16, async () => {
      const answer = await createSession(origin);
      assert.equal(resultCode(answer), 'SUCCESS', answer.text);
    });
    // Sessions with a payment, a declined attempt (guard counters) and an open 3-D Secure challenge.
    const paid = await newSessionData(origin);
    assert.equal(resultCode(await pay(origin, paid.data, card(CARDS.visa.approved))), 'SUCCESS');
    const declined = await newSessionData(origin);
    const declinedKey = newKey();
    const declinedAnswer = await pay(origin, declined.data, card(CARDS.visa.declined), declinedKey);
    assert.equal(resultCode(declinedAnswer), 'DO_NOT_HONOR');
    const challenged = await newSessionData(origin, {
      paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' },
    });
    const challengeAnswer = await pay(origin, challenged.data, card(CARDS.visa.challenge));
    assert.equal(resultCode(challengeAnswer), 'PAYMENT_IN_PROCESS', challengeAnswer.text);
    const vaulting = await vaultApi(origin, 'createVaultingSession', {
      paymentMethodType: 'CARD',
      vaultingRequestId: newRequestId('vault'),
      vaultingNotificationUrl: `${REFUSING_ORIGIN}/notify`,
      redirectUrl: 'https://shop.example/cards',
    });
    const vaultData = String(vaulting.json['vaultingSessionData']);
    const vaultAnswer = await sdkPost(origin, '/sdk/v1/vaults', {
      paymentSessionData: vaultData,
      card: card(CARDS.visa.declined),
    });
    assert.equal(resultCode(vaultAnswer), 'DO_NOT_HONOR', vaultAnswer.text);

    const grown = engine.stats();
    assert.equal(grown.sessions - baseline.sessions, SESSIONS + 3);
    assert.equal(grown.paymentAttempts - baseline.paymentAttempts, 3);
    assert.ok(grown.attemptGuardSessions > baseline.attemptGuardSessions);
    assert.ok(grown.attemptGuardWindows > baseline.attemptGuardWindows);
    assert.equal(grown.challenges - baseline.challenges, 1);
    assert.equal(grown.vaultingSessions - baseline.vaultingSessions, 1);
    assert.equal(grown.payments - baseline.payments, 3);

    // Expired but within the retention: still held, and answered by name.
    t.clock.advance(PAST_EXPIRY);
    assert.equal(engine.stats().sessions, grown.sessions, 'kept for a day after expiry');
    assert.equal(resultCode(await sessionView(origin, declined.data)), 'SESSION_EXPIRED');
    const replay = await pay(origin, declined.data, card(CARDS.visa.declined), declinedKey);
    assert.equal(replay.text, declinedAnswer.text, 'a replayed attempt still gets its stored answer');

    t.clock.advance(PAST_RETENTION);
    await waitFor(() => engine.stats().sessions === baseline.sessions, { message: 'expired sessions purged' });
    const { payments, ...purged } = engine.stats();
    const { payments: basePayments, ...base } = baseline;
    assert.deepEqual(purged, base, 'every per-session and per-attempt map is back to its baseline');
    assert.equal(payments - basePayments, 3, 'payments are the merchant records: kept');

    // What a late caller reads once the sessions are forgotten.
    assert.equal(resultCode(await sessionView(origin, declined.data)), 'SESSION_EXPIRED');
    assert.equal(resultCode(await sessionView(origin, vaultData)), 'SESSION_EXPIRED');
    assert.equal(resultCode(await pay(origin, paid.data, card(CARDS.visa.approved))), 'SESSION_EXPIRED');
    const paidInquiry = await inquire(origin, { paymentRequestId: paid.requestId });
    assert.equal(at(paidInquiry.json, 'paymentStatus'), 'SUCCESS', paidInquiry.text);
    const challengedInquiry = await inquire(origin, { paymentRequestId: challenged.requestId });
    assert.equal(at(challengedInquiry.json, 'paymentStatus'), 'FAIL', 'the abandoned challenge failed its payment');
    const again = await createSession(origin, { paymentRequestId: paid.requestId });
    assert.equal(resultCode(again), 'ORDER_IS_CLOSED', 'a paid request id is not reused');
    const retrieved = await openApi(origin, 'retrievePaymentSession', { paymentSessionId: paid.id });
    assert.equal(resultCode(retrieved), 'ORDER_NOT_EXIST');
  });
});

describe('expiry with persistence', () => {
  it('deletes expired sessions from the database, so a restart does not load them again', async () => {
    const sandbox = tempSandbox('antom-expiry-db-');
    const dataDir = join(sandbox.dir, GATEWAY_DB_DIR);
    // The same origin after the restart: session data names the gateway that issued it.
    const port = await freePort();
    try {
      const first = await startTestGateway({ dataDir, port, issuerPort: 0 });
      let paid: { data: string; requestId: string };
      try {
        await inParallel(40, 8, async () => {
          assert.equal(resultCode(await createSession(first.gateway.origin)), 'SUCCESS');
        });
        paid = await newSessionData(first.gateway.origin);
        assert.equal(resultCode(await pay(first.gateway.origin, paid.data, card(CARDS.visa.approved))), 'SUCCESS');
        assert.equal(first.gateway.engine.stats().sessions, 41);
      } finally {
        await first.close();
      }
      // Down for longer than a session lives and is kept: the restart forgets what expired meanwhile.
      const later = new ManualClock(Date.parse(START_TIME) + PAST_EXPIRY + PAST_RETENTION);
      const second = await startTestGateway({ dataDir, port, issuerPort: 0, clock: later });
      try {
        assert.equal(second.gateway.engine.stats().sessions, 0);
        const inquiry = await inquire(second.gateway.origin, { paymentRequestId: paid.requestId });
        assert.equal(at(inquiry.json, 'paymentStatus'), 'SUCCESS', inquiry.text);
        assert.equal(resultCode(await sessionView(second.gateway.origin, paid.data)), 'SESSION_EXPIRED');
      } finally {
        await second.close();
      }
      const stored = await openGatewayDb(dataDir);
      await stored.store.close();
      const kinds = stored.rows.map((row) => row.kind);
      assert.equal(kinds.filter((kind) => kind.startsWith('payment-session')).length, 0, 'sessions deleted');
      assert.equal(kinds.filter((kind) => kind === 'payment-attempt').length, 0, 'their attempts deleted');
      assert.equal(kinds.filter((kind) => kind === 'payment').length, 1, 'the payment kept');
    } finally {
      sandbox.remove();
    }
  });
});
