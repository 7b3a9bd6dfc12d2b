/**
 * What a checkout does once a submission has an answer: the sandbox frame's answer in Web SDK codes,
 * the 3-D Secure dialog opened and closed, the status, message and event of each outcome, and the
 * texts that tell them (a catalogue surface of their own, `catalogues/outcome/`). A
 * chunk of its own (ours): the element starts loading it when its form is ready and a submission
 * waits for it before the card leaves the frame, so none of it counts among the bytes before
 * `antom-ready` and every answer finds it loaded.
 */
import { css } from 'lit';
import type { SupportedLocale } from '../shared/i18n/locale.js';
import { addTexts, message } from '../shared/i18n/messages.js';
import { outcomeCatalogue } from '../shared/i18n/outcome-catalogues.js';
import { resultMessageKey } from '../shared/i18n/result-messages.js';
import type { PaymentOutcome } from '../shared/types.js';
import type { CheckoutController } from './controllers/checkout.js';
import type { DriverReport } from './drivers/driver.js';
import type { SecureFrameDriver } from './drivers/secure-frame/secure-frame-driver.js';
import { CHALLENGE_UNAVAILABLE } from './errors.js';
import type { AntomSdkCode, AntomSdkResult, CardFacts } from './events.js';
import { nextStatus } from './state.js';

/** The pay button's spinner and the authorized message: shown only after a submission. */
export const outcomeStyles = css`
  .spinner {
    width: 16px;
    height: 16px;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
  }

  @media (prefers-reduced-motion: no-preference) {
    .spinner {
      animation: spin 0.8s linear infinite;
    }
  }

  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  .success {
    margin: 0;
    color: var(--_text);
    font-weight: 600;
  }
`;

/** Locales whose outcome texts are loaded or loading. */
const textsOf = new Map<SupportedLocale, Promise<void>>();

/**
 * Loads the outcome texts of `locale` (English stands in if they cannot be loaded): before a
 * submission leaves, so the buyer's answer is told in the buyer's language.
 */
export function prepareTexts(locale: SupportedLocale): Promise<void> {
  let loading = textsOf.get(locale);
  if (!loading) {
    loading = outcomeCatalogue(locale).then(
      (texts) => addTexts(locale, texts),
      () => void textsOf.delete(locale),
    );
    textsOf.set(locale, loading);
  }
  // English is every text's fallback: it comes too.
  return locale === 'en_US' ? loading : Promise.all([loading, prepareTexts('en_US')]).then(() => undefined);
}

const CODES = {
  SUCCESS: 'SDK_PAYMENT_SUCCESSFUL',
  FAIL: 'SDK_PAYMENT_FAIL',
  PROCESSING: 'SDK_PAYMENT_PROCESSING',
} as const;
const STATUSES = { SUCCESS: 'S', FAIL: 'F', PROCESSING: 'U' } as const;

const NO_CARD: CardFacts = { brand: null, last4: null, expiryMonth: null, expiryYear: null };

/** A sandbox answer in the shape of the Web SDK's callback: the code and `result` Antom's SDK would give. */
export function reportOf(outcome: PaymentOutcome, attemptId?: string): DriverReport {
  const result: AntomSdkResult = {
    resultCode: outcome.resultCode,
    resultStatus: STATUSES[outcome.status],
    resultMessage: outcome.resultMessage,
    paymentStatus: outcome.status,
    ...(outcome.status === 'FAIL' ? { paymentResultCode: outcome.resultCode } : {}),
  };
  const { paymentId, resultCode, card } = outcome;
  return {
    code: CODES[outcome.status],
    ...(attemptId === undefined ? {} : { attemptId }),
    payment: { paymentId, resultCode, card },
    result,
  };
}

/** The frame's answer to attempt `attemptId`: a bank check opens the dialog, anything else is reported. */
export function frameResult(driver: SecureFrameDriver, attemptId: string, outcome: PaymentOutcome): void {
  if (outcome.status === 'PROCESSING' && outcome.challenge) {
    driver.events.report({ code: 'SDK_PAYMENT_CHALLENGE', attemptId });
    openChallenge(driver, outcome.challenge.id);
  } else {
    driver.events.report(reportOf(outcome, attemptId));
  }
}

/**
 * Opens the dialog with the gateway's container for challenge `id`: the container page, not the
 * element, talks to the bank and reads the verdict from the gateway.
 */
function openChallenge(driver: SecureFrameDriver, id: string): void {
  const session = driver.session;
  if (!session) return;
  driver.challengeId = id;
  const request = {
    id,
    gatewayOrigin: session.parsed.config.gatewayOrigin,
    locale: driver.texts.locale,
    timeoutMs: driver.timeoutMs,
    appearance: driver.appearance,
  };
  // Shown only if nothing replaced this session or ended the check while the dialog's code loaded.
  const current = (): boolean => driver.session === session && driver.challengeId === id;
  void challengeDialog(driver).then(
    (dialog) => current() && dialog.show(request),
    // The dialog's own file did not load (not served, or refused by its integrity value): named, not a decline.
    () =>
      current() &&
      driver.events.report({
        code: 'SDK_CREATECOMPONENT_ERROR',
        reason: 'CHUNK_LOAD_FAILED',
        detail: ['challenge-unloadable'],
      }),
  );
}

async function challengeDialog(driver: SecureFrameDriver): Promise<NonNullable<SecureFrameDriver['challenge']>> {
  if (driver.challenge) return driver.challenge;
  const { ChallengeController } = await import('./controllers/challenge.js');
  driver.challenge ??= new ChallengeController(driver.host, {
    end: (outcome) => endChallenge(driver, outcome),
    unavailable: () => endChallenge(driver, CHALLENGE_UNAVAILABLE),
    cancel: () => {
      driver.challengeId = null;
      driver.events.report({ code: 'SDK_PAYMENT_CANCEL' });
    },
    returnFocus: () => driver.events.returnFocus(),
  });
  return driver.challenge;
}

function endChallenge(driver: SecureFrameDriver, outcome: PaymentOutcome): void {
  driver.challengeId = null;
  // The frame kept the card for a retry; once paid, bound or pending it locks and forgets the CVC.
  if (outcome.status !== 'FAIL') driver.close();
  driver.events.report(reportOf(outcome));
}

/** What an answer does to the checkout: its status, the buyer's message and the merchant's event. */
export function settle(
  run: CheckoutController,
  kind: 'authorized' | 'declined' | 'processing' | 'challenge' | 'invalid' | 'network-error' | 'cancel',
  report: DriverReport,
): void {
  const code = report.code as AntomSdkCode;
  switch (kind) {
    case 'cancel': {
      const announcement = run.status === 'challenge' ? 'challengeCancelled' : 'ready';
      if (!nextStatus(run.status, 'cancel')) return;
      run.pendingAttemptId = null;
      run.go('cancel');
      run.announce(message(run.locale(), announcement));
      run.emit('antom-cancel', { code: 'SDK_PAYMENT_CANCEL' });
      return;
    }
    case 'challenge':
      if (!nextStatus(run.status, 'challenge')) return;
      // The attempt is over: whatever happens next, a new submit is a new attempt.
      run.pendingAttemptId = null;
      run.errorText = '';
      run.go('challenge');
      run.emit('antom-challenge', { code: 'SDK_PAYMENT_CHALLENGE' });
      return;
    case 'invalid':
      if (!nextStatus(run.status, 'form-invalid')) return;
      run.pendingAttemptId = null;
      run.go('form-invalid');
      run.fail('FORM_INVALID', code, true);
      return;
    case 'network-error':
      if (!nextStatus(run.status, 'network-error')) return;
      run.go('network-error');
      run.fail('SUBMIT_NETWORK_ERROR', code, true);
      return;
  }
  if (!nextStatus(run.status, kind)) return;
  const lang = run.locale();
  const payment = report.payment ?? { paymentId: null, resultCode: report.result?.resultCode ?? '', card: null };
  const { paymentId, resultCode } = payment;
  const result = report.result ?? null;
  if (kind === 'authorized') {
    run.pendingAttemptId = null;
    run.go('authorized');
    run.sessions.stop();
    const card = payment.card ?? NO_CARD;
    if (run.inputs().mode === 'vault') {
      run.showOutcome(message(lang, 'cardSaved'));
      run.emit('antom-card-saved', { code: 'SDK_CARD_SAVED', ...card, result });
    } else {
      run.showOutcome(message(lang, 'authorized'));
      const code = report.code === 'SDK_PAYMENT_AUTHORIZATION_SUCCESSFUL' ? report.code : 'SDK_PAYMENT_SUCCESSFUL';
      run.emit('antom-authorized', { code, paymentId, ...card, result });
    }
  } else if (kind === 'processing') {
    run.go('processing');
    run.errorText = '';
    run.announce(message(lang, 'pending'));
    // The sandbox gateway's frame asks where the payment stands when the attempt is resent (lazy
    // chunk); Antom's own SDK follows its payments itself.
    const id = report.attemptId;
    if (id !== undefined && run.loaded?.kind === 'sandbox') {
      const pending = (): boolean => run.host.isConnected && run.status === 'submitting' && run.pendingAttemptId === id;
      void import('./follow.js').then(
        (chunk) =>
          chunk.follow(
            run.host,
            lang,
            () => run.form.submit(id),
            pending,
            (text) => run.announce(text),
          ),
        // Without its chunk the buyer is still told the payment is being processed, which is true.
        () => undefined,
      );
    }
    const code = 'SDK_PAYMENT_PROCESSING';
    run.emit('antom-processing', { code, resultCode: resultCode || 'PAYMENT_IN_PROCESS', paymentId, result });
  } else {
    run.pendingAttemptId = null;
    run.go('declined');
    const declineCode = result?.paymentResultCode ?? (resultCode || 'PAYMENT_FAIL');
    const text = message(lang, resultMessageKey(declineCode));
    run.errorText = text;
    run.showOutcome(text);
    const code = report.code === 'SDK_PAYMENT_RETRY' ? report.code : 'SDK_PAYMENT_FAIL';
    run.emit('antom-failed', { code, resultCode: declineCode, message: text, paymentId, result });
  }
}
