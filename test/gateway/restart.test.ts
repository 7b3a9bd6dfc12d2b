/**
 * The gateway survives a crash: the real `antom-sandbox` process is killed with SIGKILL and
 * started again on the same sandbox folder (and so the same database). Payments, authorizations,
 * tokens, vaultings and the notification queue must all be there, and notifications carry on
 * with Antom's retry schedule. Time is moved with the sandbox clock admin, never waited for.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_CLIENT_ID, NOTIFICATION_SCHEDULE_MS, ensureSandbox } from '../../gateway/src/index.js';
import { AntomClient } from '../../src/server/index.js';
import { CARDS, card as frameCard } from '../support/cards.js';
import { KEYS } from '../support/keys.js';
import { ACK, startReceiver, type Receiver } from '../support/notifications.js';
import {
  MERCHANT_ACCOUNT_ID,
  freePort,
  gatewayClocks,
  tempSandbox,
  testMerchant,
  type TempSandbox,
} from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import {
  WEEK_MS,
  authorize,
  cancel,
  capture,
  inquire,
  newKey,
  newRequestId,
  newSessionData,
  openApi,
  pay as framePay,
  payRequest,
  refund,
  resultCode,
  sdkPost,
  tokenizeCard,
  vaultApi,
} from './calls.js';
import { at, send } from '../support/http.js';
import { CODE, hiddenTransId } from './challenge-harness.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** A running `antom-sandbox` process. */
interface GatewayProcess {
  child: ChildProcess;
  origin: string;
  output: () => string;
}

/** Starts the CLI from the sources on fixed ports, and waits until it listens. */
async function startProcess(
  sandboxDir: string,
  port: number,
  issuerPort: number,
  extra: string[] = [],
): Promise<GatewayProcess> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=antom-source',
      '--import',
      'tsx',
      'gateway/bin/antom-sandbox.ts',
      '--port',
      String(port),
      '--issuer-port',
      String(issuerPort),
      '--sandbox-dir',
      sandboxDir,
      ...extra,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`antom-sandbox exited ${child.exitCode}:\n${text}`);
      return text.includes('Press Ctrl-C to stop.');
    },
    { timeout: 60_000, message: 'antom-sandbox to start' },
  );
  return { child, origin: `http://127.0.0.1:${port}`, output: () => text };
}

/** SIGKILL by the process id: no shutdown code of the gateway runs. */
async function killHard(gateway: GatewayProcess): Promise<void> {
  const { child } = gateway;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  assert.ok(child.pid, 'the gateway has a process id');
  process.kill(child.pid, 'SIGKILL');
  await exited;
  assert.equal(child.signalCode, 'SIGKILL');
}

interface NotificationView {
  paymentId?: string;
  status: string;
  attempts: Array<{ attempt: number; httpStatus: number | null; acknowledged: boolean }>;
  nextAttemptAt: string | null;
}

async function notificationsOf(origin: string, paymentId: string): Promise<NotificationView[]> {
  const answer = await fetch(`${origin}/sandbox/notifications?paymentId=${encodeURIComponent(paymentId)}`);
  const json = (await answer.json()) as { notifications: NotificationView[] };
  return json.notifications;
}

/**
 * How far the tests moved the spawned gateway's clock: it keeps the offset across restarts, and
 * signed calls must name a Request-Time within 5 minutes of it.
 */
let clockOffsetMs = 0;
const sandboxNow = (): number => Date.now() + clockOffsetMs;

async function advanceClock(origin: string, ms: number): Promise<void> {
  clockOffsetMs += ms;
  const answer = await fetch(`${origin}/sandbox/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms }),
  });
  assert.equal(answer.status, 200, await answer.text());
}

const card = (cardNo: string, tokenize = false) => ({
  paymentMethodType: 'CARD',
  paymentMethodMetaData: {
    cardNo,
    cvv: '123',
    expiryMonth: '12',
    expiryYear: '34',
    cardholderName: { firstName: 'Ada', lastName: 'Lovelace' },
    ...(tokenize ? { tokenize: true } : {}),
  },
});

let sequence = 0;
const requestId = (prefix: string): string => `${prefix}_${process.pid}_${Date.now()}_${sequence++}`;

describe('the gateway after kill -9 and a restart on the same data', () => {
  let sandbox: TempSandbox;
  let ports: { port: number; issuerPort: number };
  let gateway: GatewayProcess;
  let client: AntomClient;
  let receiver: Receiver;
  /** How the receiver answers: 500 (the notification stays queued), never, or the acknowledgement. */
  let mode: 'refuse' | 'hang' | 'ack' = 'refuse';

  const restart = async (): Promise<void> => {
    await killHard(gateway);
    gateway = await startProcess(sandbox.sandboxDir, ports.port, ports.issuerPort);
  };

  const pay = async (method: ReturnType<typeof card> | { paymentMethodType: 'CARD'; paymentMethodId: string }) => {
    const id = requestId('pay');
    const answer = await client.pay({
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId: id,
      paymentAmount: { currency: 'USD', value: '1000' },
      order: { orderDescription: 'restart', referenceOrderId: id, orderAmount: { currency: 'USD', value: '1000' } },
      paymentMethod: method,
      paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' },
      paymentRedirectUrl: 'https://shop.example/return',
      paymentNotifyUrl: receiver.url('/antom/notify'),
    } as Parameters<AntomClient['pay']>[0]);
    assert.equal(answer.result.resultStatus, 'S', JSON.stringify(answer.result));
    return { paymentRequestId: id, answer: answer as unknown as Record<string, unknown> };
  };

  before(async () => {
    sandbox = tempSandbox('antom-restart-');
    // The demo merchant of a fresh sandbox, and the gateway tests' merchant (the helpers of calls.ts sign as it).
    const files = ensureSandbox(sandbox.sandboxDir);
    const registered = JSON.parse(readFileSync(files.merchantsPath, 'utf8')) as { merchants: unknown[] };
    registered.merchants.push(testMerchant());
    writeFileSync(files.merchantsPath, JSON.stringify(registered));
    ports = { port: await freePort(), issuerPort: await freePort() };
    receiver = await startReceiver(() => {
      if (mode === 'ack') return { status: 200, body: ACK };
      // Longer than the test: the try is still in flight when the gateway is killed.
      if (mode === 'hang') return { status: 200, body: ACK, delayMs: 600_000 };
      return { status: 500, body: '' };
    });
    gateway = await startProcess(sandbox.sandboxDir, ports.port, ports.issuerPort);
    gatewayClocks.set(gateway.origin, { now: () => new Date(sandboxNow()) });
    client = new AntomClient({
      clientId: DEMO_CLIENT_ID,
      privateKey: KEYS.sandboxDemo.privateKey,
      antomPublicKey: KEYS.antom.publicKey,
      endpoint: gateway.origin,
      now: sandboxNow,
    });
  });

  after(async () => {
    if (gateway) await killHard(gateway);
    await receiver?.close();
    sandbox?.remove();
  });

  it('keeps payments, authorizations, tokens, vaultings and the notification queue', async () => {
    // A manual-capture authorization, a payment that saved its card, and a bound card.
    const authorized = await pay(card(CARDS.visa.approved));
    const authorizedId = String(authorized.answer['paymentId']);
    const tokenized = await pay(card(CARDS.mastercard.approved, true));
    const token = String((tokenized.answer['paymentResultInfo'] as Record<string, unknown>)['cardToken']);
    assert.match(token, /^ALIPAY[0-9A-F]{40}$/);
    const vaultingRequestId = requestId('vault');
    const vaulted = (await client.vaultPaymentMethod({
      vaultingRequestId,
      vaultingNotificationUrl: receiver.url('/antom/vaulting'),
      redirectUrl: 'https://shop.example/cards',
      paymentMethodDetail: {
        paymentMethodType: 'CARD',
        card: {
          cardNo: CARDS.visa.approved,
          cvv: '123',
          expiryMonth: '12',
          expiryYear: '34',
          cardholderName: { firstName: 'Ada', lastName: 'Lovelace' },
        },
      },
    } as Parameters<AntomClient['vaultPaymentMethod']>[0])) as unknown as Record<string, unknown>;
    const vaultedCard = (vaulted['paymentMethodDetail'] as { card: { cardToken: string } }).card;
    assert.match(vaultedCard.cardToken, /^ALIPAY/);
    // The receiver refused the first try of each notification: a retry is planned in 2 minutes.
    await waitFor(async () => (await notificationsOf(gateway.origin, authorizedId))[0]?.attempts.length === 1, {
      timeout: 10_000,
      message: 'the first, refused try',
    });
    const before = (await notificationsOf(gateway.origin, authorizedId))[0]!;
    assert.equal(before.attempts[0]?.httpStatus, 500);

    await restart();

    for (const { paymentRequestId, answer } of [authorized, tokenized]) {
      const inquiry = await client.inquiryPayment({ paymentRequestId });
      assert.equal(inquiry.result.resultStatus, 'S', JSON.stringify(inquiry.result));
      const found = inquiry as unknown as Record<string, unknown>;
      assert.equal(found['paymentId'], answer['paymentId']);
      assert.equal(found['paymentStatus'], 'SUCCESS');
    }

    const capture = await client.capture({
      captureRequestId: requestId('capture'),
      paymentId: authorizedId,
      captureAmount: { currency: 'USD', value: '1000' },
    });
    assert.equal(capture.result.resultCode, 'SUCCESS', JSON.stringify(capture.result));

    const tokenPayment = await pay({ paymentMethodType: 'CARD', paymentMethodId: token });
    const tokenInfo = tokenPayment.answer['paymentResultInfo'] as Record<string, unknown>;
    assert.equal(tokenInfo['cardToken'], token);
    assert.equal(tokenInfo['cardNo'], '************4622');

    const vaulting = (await client.inquireVaulting({ vaultingRequestId })) as unknown as Record<string, unknown>;
    assert.equal(vaulting['vaultingStatus'], 'SUCCESS', JSON.stringify(vaulting));
    assert.equal((vaulting['paymentMethodDetail'] as typeof vaulted)?.['card'] !== undefined, true);
    const vaultedTokenPayment = await pay({ paymentMethodType: 'CARD', paymentMethodId: vaultedCard.cardToken });
    assert.equal(
      (vaultedTokenPayment.answer['paymentResultInfo'] as Record<string, unknown>)['cardToken'],
      vaultedCard.cardToken,
    );

    // The queued notification continues: the second try comes 2 minutes after the first, on the
    // sandbox clock, and is acknowledged.
    const queued = (await notificationsOf(gateway.origin, authorizedId))[0]!;
    assert.equal(queued.status, 'PENDING');
    assert.equal(queued.attempts.length, 1, 'the refused try is remembered, not made again');
    mode = 'ack';
    await advanceClock(gateway.origin, NOTIFICATION_SCHEDULE_MS[1]!);
    const delivered = await waitFor(
      async () => {
        const [record] = await notificationsOf(gateway.origin, authorizedId);
        return record?.status === 'ACKNOWLEDGED' ? record : undefined;
      },
      { timeout: 10_000, message: 'the second try, acknowledged' },
    );
    assert.deepEqual(
      delivered.attempts.map((attempt) => [attempt.attempt, attempt.httpStatus, attempt.acknowledged]),
      [
        [1, 500, false],
        [2, 200, true],
      ],
    );
  });

  it('makes again after the restart the try that was in flight when the gateway died', async () => {
    mode = 'hang';
    const { answer } = await pay(card(CARDS.visa.approved));
    const paymentId = String(answer['paymentId']);
    await waitFor(() => receiver.bodies().some((body) => body['paymentId'] === paymentId), {
      timeout: 10_000,
      message: 'the first try to reach the receiver',
    });
    const [queued] = await notificationsOf(gateway.origin, paymentId);
    assert.equal(queued?.attempts.length, 0, 'the first try has no answer yet');
    mode = 'ack';
    await restart();
    // Due during the outage: sent at once, with no clock move.
    const delivered = await waitFor(
      async () => {
        const [record] = await notificationsOf(gateway.origin, paymentId);
        return record?.status === 'ACKNOWLEDGED' ? record : undefined;
      },
      { timeout: 10_000, message: 'the try made again, acknowledged' },
    );
    assert.deepEqual(
      delivered.attempts.map((attempt) => [attempt.attempt, attempt.acknowledged]),
      [[1, true]],
    );
    assert.equal(receiver.bodies().filter((body) => body['paymentId'] === paymentId).length, 2);
  });

  it('carries on every other flow: frame attempts, refunds, cancels, deleted tokens, the clock, releases', async () => {
    const origin = gateway.origin;
    // A frame payment: a replay of its attempt after the restart must not authorize again.
    const session = await newSessionData(origin, { paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' } });
    const attemptKey = newKey();
    const framePaid = await framePay(origin, session.data, frameCard(CARDS.visa.approved), attemptKey);
    assert.equal(resultCode(framePaid), 'SUCCESS', framePaid.text);
    // A captured payment with a first refund, an authorization to cancel, one left to be released.
    const captured = await authorize(origin);
    const captureRequestId = newRequestId('cap');
    const captureAnswer = await capture(origin, captured, '1000', { captureRequestId });
    assert.equal(resultCode(captureAnswer), 'SUCCESS', captureAnswer.text);
    const firstRefund = await refund(origin, captured, '300');
    assert.equal(resultCode(firstRefund), 'SUCCESS', firstRefund.text);
    const toCancel = await authorize(origin);
    const toRelease = await authorize(origin);
    // A deleted token, and a clock moved forward.
    const deleted = await tokenizeCard(origin);
    const deletion = await vaultApi(origin, 'deleteToken', { token: deleted, merchantAccountId: MERCHANT_ACCOUNT_ID });
    assert.equal(resultCode(deletion), 'SUCCESS', deletion.text);
    await advanceClock(origin, 60_000);
    const clockBefore = (await (await fetch(`${origin}/sandbox/clock`)).json()) as { now: string };

    await restart();

    const replayed = await framePay(origin, session.data, frameCard(CARDS.visa.approved), attemptKey);
    assert.equal(resultCode(replayed), 'SUCCESS', replayed.text);
    assert.equal(replayed.json['paymentId'], framePaid.json['paymentId'], 'the stored answer, no second payment');
    const another = await framePay(origin, session.data, frameCard(CARDS.visa.approved));
    assert.equal(resultCode(another), 'ORDER_IS_CLOSED', 'the session is still paid');
    const sessionPayment = await inquire(origin, { paymentRequestId: session.requestId });
    assert.equal(sessionPayment.json['paymentId'], framePaid.json['paymentId']);
    const transactions = sessionPayment.json['transactions'] as Array<Record<string, unknown>>;
    assert.deepEqual(
      transactions.map((transaction) => transaction['transactionType']),
      ['AUTHORIZATION'],
      'one authorization, before the restart',
    );

    const captureReplay = await capture(origin, captured, '1000', { captureRequestId });
    assert.equal(resultCode(captureReplay), 'SUCCESS', captureReplay.text);
    assert.equal(captureReplay.json['captureId'], captureAnswer.json['captureId'], 'the stored capture answer');
    const refundInquiry = await openApi(origin, 'inquiryRefund', { refundId: firstRefund.json['refundId'] });
    assert.equal(at(refundInquiry.json, 'refundStatus'), 'SUCCESS', refundInquiry.text);
    assert.equal(resultCode(await refund(origin, captured, '700')), 'SUCCESS', 'the rest can be refunded');
    const tooMuch = await refund(origin, captured, '1');
    assert.notEqual(resultCode(tooMuch), 'SUCCESS', 'never more than captured, refunds before the restart count');

    const cancelled = await cancel(origin, toCancel);
    assert.equal(resultCode(cancelled), 'SUCCESS', cancelled.text);

    const withDeleted = await openApi(
      origin,
      'pay',
      payRequest('unused', { paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: deleted } }),
    );
    assert.equal(resultCode(withDeleted), 'INVALID_PAYMENT_METHOD_META_DATA', withDeleted.text);
    const deletedAgain = await vaultApi(origin, 'deleteToken', {
      token: deleted,
      merchantAccountId: MERCHANT_ACCOUNT_ID,
    });
    assert.equal(resultCode(deletedAgain), 'SUCCESS', 'deleting twice still succeeds: the deletion is remembered');

    const clockAfter = (await (await fetch(`${origin}/sandbox/clock`)).json()) as { now: string };
    assert.ok(Date.parse(clockAfter.now) >= Date.parse(clockBefore.now), 'the moved clock did not go back');

    await advanceClock(origin, WEEK_MS + 60_000);
    const released = await inquire(origin, { paymentId: toRelease });
    assert.equal(
      released.json['paymentStatus'],
      'CANCELLED',
      'released after its 7 days, counted from before the restart',
    );
  });

  it('completes after the restart a 3-D Secure challenge opened before it', async () => {
    const session = await newSessionData(gateway.origin, {
      availablePaymentMethod: { paymentMethodMetaData: { is3DSAuthentication: true } },
    });
    const attempt = await sdkPost(gateway.origin, '/sdk/v1/payments', {
      paymentSessionData: session.data,
      card: frameCard(CARDS.visa.approved),
    });
    assert.equal(resultCode(attempt), 'PAYMENT_IN_PROCESS', attempt.text);
    const challengeId = String(at(attempt.json, 'challenge.id'));

    await restart();

    const started = await sdkPost(gateway.origin, '/sdk/v1/challenges/start', { challengeId });
    assert.equal(resultCode(started), 'SUCCESS', started.text);
    const form = (url: string, fields: Record<string, string>) =>
      send(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: gateway.origin },
        body: new URLSearchParams(fields).toString(),
      });
    const page = await form(String(started.json['acsUrl']), { creq: String(started.json['creq']) });
    assert.equal(page.status, 200, page.text);
    const issuer = new URL(String(started.json['acsUrl'])).origin;
    const verified = await form(`${issuer}/acs/challenge/submit`, {
      acsTransID: hiddenTransId(page),
      code: CODE,
      action: 'verify',
    });
    assert.equal(verified.status, 303, verified.text);
    assert.equal((await send(String(verified.headers['location']))).status, 200);
    const completed = await sdkPost(gateway.origin, '/sdk/v1/challenges/complete', { challengeId });
    assert.equal(resultCode(completed), 'SUCCESS', completed.text);
    assert.equal(completed.json['paymentId'], attempt.json['paymentId']);
    const inquiry = await inquire(gateway.origin, { paymentRequestId: session.requestId });
    assert.equal(inquiry.json['paymentStatus'], 'SUCCESS', inquiry.text);
  });

  it('settles after the restart the captures and refunds that were in process when it died', async () => {
    // In process for ten minutes: only the restart and the moved clock can settle them here.
    const inProcessFor = ['--settle-after', '600000'];
    await killHard(gateway);
    gateway = await startProcess(sandbox.sandboxDir, ports.port, ports.issuerPort, inProcessFor);
    const origin = gateway.origin;
    mode = 'ack';
    const notifyUrl = receiver.url('/antom/notify');
    const noticesOf = (paymentId: string, type: string) =>
      receiver.bodies().filter((body) => body['notifyType'] === type && body['paymentId'] === paymentId);
    const statusOf = async (paymentId: string, requestId: string): Promise<unknown> => {
      const inquiry = await inquire(origin, { paymentId });
      const transactions = inquiry.json['transactions'] as Array<Record<string, unknown>>;
      return transactions.find((transaction) => transaction['transactionRequestId'] === requestId)?.[
        'transactionStatus'
      ];
    };
    // 7001: captured later; 7002: fails later; 7003 on a captured payment: refunded later.
    const toCapture = await authorize(origin, {
      paymentNotifyUrl: notifyUrl,
      paymentAmount: { currency: 'USD', value: '7001' },
    });
    const toFail = await authorize(origin, {
      paymentNotifyUrl: notifyUrl,
      paymentAmount: { currency: 'USD', value: '7002' },
    });
    const toRefund = await authorize(origin, {
      paymentNotifyUrl: notifyUrl,
      paymentAmount: { currency: 'USD', value: '10000' },
    });
    const captureRequestId = newRequestId('cap');
    const captureAnswer = await capture(origin, toCapture, '7001', { captureRequestId });
    assert.equal(resultCode(captureAnswer), 'CAPTURE_IN_PROCESS', captureAnswer.text);
    const failingRequestId = newRequestId('cap');
    const failing = await capture(origin, toFail, '7002', { captureRequestId: failingRequestId });
    assert.equal(resultCode(failing), 'CAPTURE_IN_PROCESS', failing.text);
    assert.equal(resultCode(await capture(origin, toRefund, '10000')), 'SUCCESS');
    const refundRequestId = newRequestId('ref');
    const refundAnswer = await refund(origin, toRefund, '7003', { refundRequestId, refundNotifyUrl: notifyUrl });
    assert.equal(resultCode(refundAnswer), 'REFUND_IN_PROCESS', refundAnswer.text);

    await killHard(gateway);
    gateway = await startProcess(sandbox.sandboxDir, ports.port, ports.issuerPort, inProcessFor);

    assert.equal(await statusOf(toCapture, captureRequestId), 'PROCESSING', 'still in process after the restart');
    assert.equal(await statusOf(toRefund, refundRequestId), 'PROCESSING');
    assert.deepEqual(noticesOf(toCapture, 'CAPTURE_RESULT'), [], 'nothing notified while in process');
    await advanceClock(origin, 60_000);

    assert.equal(await statusOf(toCapture, captureRequestId), 'SUCCESS');
    assert.equal((await inquire(origin, { paymentId: toCapture })).json['paymentStatus'], 'SUCCESS');
    const replayed = await capture(origin, toCapture, '7001', { captureRequestId });
    assert.equal(resultCode(replayed), 'SUCCESS', `the repeated request reads the settled capture: ${replayed.text}`);
    assert.match(String(replayed.json['captureId']), /^\d{28}$/);
    assert.equal(await statusOf(toFail, failingRequestId), 'FAIL');
    assert.equal(
      resultCode(await capture(origin, toFail, '7002')),
      'CAPTURE_IN_PROCESS',
      'the authorization still stands after the failed capture',
    );
    const refundInquiry = await openApi(origin, 'inquiryRefund', { refundRequestId });
    assert.equal(at(refundInquiry.json, 'refundStatus'), 'SUCCESS', refundInquiry.text);
    assert.match(String(refundInquiry.json['refundId']), /^\d{28}$/);

    // Each settlement is notified once, with its final result.
    const delivered = await waitFor(
      () => {
        const captured = noticesOf(toCapture, 'CAPTURE_RESULT');
        const failed = noticesOf(toFail, 'CAPTURE_RESULT');
        const refunded = noticesOf(toRefund, 'REFUND_RESULT');
        return captured.length > 0 && failed.length > 0 && refunded.length > 0
          ? { captured, failed, refunded }
          : undefined;
      },
      { timeout: 10_000, message: 'the three settlements notified' },
    );
    assert.deepEqual(
      delivered.captured.map((body) => [body['captureId'], at(body, 'result.resultStatus')]),
      [[replayed.json['captureId'], 'S']],
    );
    assert.deepEqual(
      delivered.failed.map((body) => at(body, 'result.resultStatus')),
      ['F'],
    );
    assert.deepEqual(
      delivered.refunded.map((body) => [body['refundId'], body['refundStatus']]),
      [[refundInquiry.json['refundId'], 'SUCCESS']],
    );

    // Due during the outage: a gateway that starts with no delay settles it at once, unasked.
    const second = await authorize(origin, {
      paymentNotifyUrl: notifyUrl,
      paymentAmount: { currency: 'USD', value: '7001' },
    });
    const secondRequestId = newRequestId('cap');
    const secondCapture = await capture(origin, second, '7001', { captureRequestId: secondRequestId });
    assert.equal(resultCode(secondCapture), 'CAPTURE_IN_PROCESS', secondCapture.text);
    await killHard(gateway);
    gateway = await startProcess(sandbox.sandboxDir, ports.port, ports.issuerPort, ['--settle-after', '0']);
    await waitFor(async () => (await statusOf(second, secondRequestId)) === 'SUCCESS', {
      timeout: 10_000,
      message: 'the capture settled by the restarted gateway',
    });
    await waitFor(() => noticesOf(second, 'CAPTURE_RESULT').length === 1, {
      timeout: 10_000,
      message: 'its CAPTURE_RESULT',
    });
  });

  it('starts empty with --reset', async () => {
    const paymentId = await authorize(gateway.origin);
    await killHard(gateway);
    clockOffsetMs = 0; // the reset clears the clock's offset with everything else
    gateway = await startProcess(sandbox.sandboxDir, ports.port, ports.issuerPort, ['--reset']);
    const inquiry = await inquire(gateway.origin, { paymentId });
    assert.equal(resultCode(inquiry), 'ORDER_NOT_EXIST', inquiry.text);
  });
});
