/**
 * One checkout's run, from loading its session to an outcome: the element's status (changed only
 * through the life-cycle table, `state.ts`), the form's view, the attempt in flight, what the buyer
 * is told, and the events the merchant hears. Card forms report in Antom's Web SDK codes; the
 * table in `sdk-events.ts` says what each means here. The element holds the attributes and draws.
 */
import type { LitElement, ReactiveController } from 'lit';
import { message, prepareLocale, type Texts } from '../../shared/i18n/messages.js';
import { isOrigin } from '../../shared/session-data.js';
import type { FormState, SavedCardView } from '../../shared/types.js';
import type { DriverEvents, DriverReport, FormView, MountContext, ValidationResult } from '../drivers/driver.js';
import { ERROR_MESSAGES } from '../errors.js';
import type { AntomErrorDetail, AntomErrorReason, AntomEventDetails, AntomSdkCode } from '../events.js';
import { randomId } from '../random-id.js';
import { warn, type Diagnostic } from '../warn.js';
import { reactionTo } from '../sdk-events.js';
import { canSubmit, nextStatus, type CheckoutEvent, type CheckoutState, type CheckoutStatus } from '../state.js';
import { addStyles } from '../lazy-styles.js';
import { withOutcomes } from '../outcomes-chunk.js';
import { Announcer } from './announcer.js';
import { CardForm } from './card-form.js';
import { SessionController, type SessionSource } from './session.js';
import type { LoadedSession } from './session-loader.js';

/** The lazily loaded saved-card list (`saved-cards.ts`). */
type SavedCardList = typeof import('../saved-cards.js');

/** What the run reads from the element each time it loads a session. */
export interface CheckoutInputs extends SessionSource {
  /** The `environment` attribute as written (checked here). */
  environment: string | null;
  /** The `theme` attribute as written (checked here). */
  theme: string;
  /** The `frame-timeout` attribute as read (checked here). */
  frameTimeout: number;
  /** The `locale` attribute as written, `null` when the element follows `lang` (checked here). */
  locale: string | null;
  /** The locale asked for: the `locale` attribute, else the nearest `lang`. */
  requestedLocale: string | null;
  /** Everything the card form needs but the session. */
  form: Omit<MountContext, 'environment'>;
}

const NOT_VALIDATED: ValidationResult = { isValid: false, invalidFields: [] };

/**
 * How long an element may wait for its session source: frameworks set properties just after
 * connecting, so a missing one is only an error once this has passed.
 */
const MISSING_SOURCE_GRACE_MS = 1500;

/** What became of one `submit()`: its outcome and the detail of the event that told it. */
export type SubmitResult =
  | { outcome: 'authorized'; detail: AntomEventDetails['antom-authorized'] }
  | { outcome: 'card-saved'; detail: AntomEventDetails['antom-card-saved'] }
  | { outcome: 'failed'; detail: AntomEventDetails['antom-failed'] }
  | { outcome: 'processing'; detail: AntomEventDetails['antom-processing'] }
  | { outcome: 'cancelled'; detail: AntomEventDetails['antom-cancel'] }
  | { outcome: 'error'; detail: AntomEventDetails['antom-error'] }
  | { outcome: 'session-expired'; detail: AntomEventDetails['antom-session-expired'] }
  | { outcome: 'not-submitted'; detail: null };

const NOT_SUBMITTED: SubmitResult = { outcome: 'not-submitted', detail: null };


/** One of the element's events: bubbling, composed, typed by name. */
function antomEvent<K extends keyof AntomEventDetails>(type: K, detail: AntomEventDetails[K], cancelable: boolean) {
  return new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable });
}

/** The outcome each event gives the submission in flight; events not named here do not end it. */
const OUTCOMES: Partial<Record<keyof AntomEventDetails, SubmitResult['outcome']>> = {
  'antom-authorized': 'authorized',
  'antom-card-saved': 'card-saved',
  'antom-failed': 'failed',
  'antom-processing': 'processing',
  'antom-cancel': 'cancelled',
  'antom-error': 'error',
  'antom-session-expired': 'session-expired',
};

/** The Web SDK code for a session that could not be loaded: a bad `session-url` is a setting, the rest are the session's. */
function codeOf(reason: AntomErrorReason): AntomSdkCode {
  return reason === 'INVALID_ATTRIBUTE' ? 'SDK_INIT_PARAMETER_ERROR' : 'SDK_CREATEPAYMENT_PARAMETER_ERROR';
}

/** How long a submission runs before the pay button shows its spinner (an answer within it flashes none). */
const WAIT_SHOWN_AFTER_MS = 100;

/** Runs one checkout at a time for its element. */
export class CheckoutController implements ReactiveController {
  /** Where the run is; see the README's life-cycle table. */
  status: CheckoutStatus = 'loading';
  /** What the form said when it came up: amount, saved cards, expiry. */
  view: FormView | null = null;
  /** The form's last brand and validity report. */
  formState: FormState | null = null;
  /** The message shown to the buyer under the form, in the element's locale. */
  errorText = '';
  /** The saved card chosen in the element's list; `null` for a new card. */
  selectedCard: string | null = null;
  /** The saved-card list's code, once a session had cards to list. */
  savedCardList: SavedCardList | null = null;
  /** The card form of the current session. */
  readonly form: CardForm;
  /** The polite live region. */
  readonly announcer: Announcer;

  /** @internal The element. */
  readonly host: LitElement;
  /** @internal What the element's attributes say now. */
  readonly inputs: () => CheckoutInputs;
  /** The locale the element speaks now (it follows `lang` up the tree) and the merchant's texts. */
  readonly locale: () => Texts;
  /** @internal The session's load and expiry timer. */
  readonly sessions: SessionController;
  /** @internal The session of the current run. */
  loaded: LoadedSession | null = null;
  /** Whether the pay button shows the wait of the submission in flight (after `WAIT_SHOWN_AFTER_MS`). */
  waitShown = false;
  /** The attempt in flight; a retry after a network error reuses it as the idempotency key. */
  pendingAttemptId: string | null = null;
  /** The promise `submit()` returned for the submission in flight, and how to settle it. */
  private submission: { promise: Promise<SubmitResult>; settle(result: SubmitResult): void } | null = null;
  /** A submission's outcome whose message takes focus once rendered (or is announced, see hostUpdated). */
  private outcomeText: string | null = null;
  private missingSourceTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly warned = new Set<string>();

  constructor(host: LitElement, inputs: () => CheckoutInputs, locale: () => Texts) {
    this.host = host;
    this.inputs = inputs;
    this.locale = locale;
    this.sessions = new SessionController(host);
    this.announcer = new Announcer(host);
    this.form = new CardForm(host, this.formEvents());
    host.addController(this);
  }

  /** The snapshot `element.state` returns. */
  get snapshot(): CheckoutState {
    return { status: this.status, brand: this.formState?.brand ?? null, complete: this.formState?.complete ?? false };
  }

  /**
   * Moves focus to the outcome's message, which a screen reader then reads (so it is not announced as
   * well): only from inside the checkout or from nowhere (a disabled Pay button drops it on the body),
   * never away from the merchant's own controls, where the live region says it instead.
   */
  hostUpdated(): void {
    const text = this.outcomeText;
    if (text === null) return;
    this.outcomeText = null;
    const target = this.host.renderRoot.querySelector<HTMLElement>('[data-outcome]');
    if (target && [null, this.host, document.body].includes(document.activeElement as HTMLElement)) target.focus();
    // Not within this update: the live region renders again.
    else requestAnimationFrame(() => this.announcer.announce(text));
  }

  hostDisconnected(): void {
    this.teardown();
    this.settleSubmission(NOT_SUBMITTED);
  }

  /** The texts of `locale` could not be loaded (a missing or refused chunk): said once, English goes on. */
  catalogueMissing(locale: string): void {
    this.fail('CHUNK_LOAD_FAILED', 'SDK_CREATECOMPONENT_ERROR', true, ['catalogue-missing', locale]);
  }

  /** Starts over with the session the element's attributes name. */
  async load(): Promise<void> {
    this.teardown();
    this.settleSubmission(NOT_SUBMITTED);
    this.go('load');
    this.view = null;
    this.formState = null;
    this.selectedCard = null;
    this.errorText = '';
    this.pendingAttemptId = null;
    const inputs = this.inputs();
    const problem = this.attributeProblem(inputs);
    if (problem) {
      this.fail('INVALID_ATTRIBUTE', 'SDK_INIT_PARAMETER_ERROR', false, problem);
      return;
    }
    // A pinned gateway's frame needs no session to start loading: it loads while the session is fetched.
    if (inputs.gatewayOrigin && inputs.session === null && inputs.sessionUrl)
      this.form.warm(inputs.gatewayOrigin, { ...inputs.form, environment: null });
    // The card form opens in the buyer's language: its lazy chunk loads beside the session (English if it fails).
    const localeReady = prepareLocale(inputs.requestedLocale);
    const loading = this.sessions.load(inputs);
    const result = loading instanceof Promise ? await loading : loading;
    if (!result) return;
    if ('empty' in result) {
      this.missingSourceTimer = setTimeout(
        () => this.fail('MISSING_SESSION_SOURCE', 'SDK_INIT_PARAMETER_ERROR', false, ['missing-source']),
        MISSING_SOURCE_GRACE_MS,
      );
      return;
    }
    if ('error' in result) {
      this.fail(result.error.reason, codeOf(result.error.reason), false, result.error.diagnostic ?? undefined);
      return;
    }
    const loaded = result.session;
    const environment = inputs.environment === 'sandbox' || inputs.environment === 'prod' ? inputs.environment : null;
    if (loaded.kind === 'antom' && !environment) {
      this.fail('ENVIRONMENT_REQUIRED', 'SDK_INIT_PARAMETER_ERROR', false, ['environment-required']);
      return;
    }
    this.loaded = loaded;
    const locale = (await localeReady) ?? 'en_US';
    if (this.loaded !== loaded) return;
    const mounted = await this.form.mount(loaded, { ...inputs.form, locale, environment });
    if (!mounted && this.loaded === loaded) {
      this.fail('CHUNK_LOAD_FAILED', 'SDK_CREATECOMPONENT_ERROR', false, ['driver-unloadable']);
    }
  }

  /**
   * Submits the form and resolves with the outcome. Extra calls while a submission runs change
   * nothing but are reported (as Antom's SDK does) and return the same promise.
   */
  submit(): Promise<SubmitResult> {
    if (this.status === 'submitting' || this.status === 'challenge') {
      this.report({ code: 'SDK_DUPLICATE_SUBMISSION_BEHAVIOR' });
      return this.submission?.promise ?? Promise.resolve(NOT_SUBMITTED);
    }
    if (!canSubmit(this.status) || !this.view || !this.form.active) return Promise.resolve(NOT_SUBMITTED);
    const attemptId = this.pendingAttemptId ?? randomId();
    if (!this.emit('antom-submit', { code: 'SDK_SUBMIT', attemptId }, true)) return Promise.resolve(NOT_SUBMITTED);
    this.pendingAttemptId = attemptId;
    this.errorText = '';
    this.go('submit');
    // The wait is shown and said once the submission has run a moment (nothing changes on the page
    // between the click and a quick answer, so nothing is painted while it comes).
    this.waitShown = false;
    setTimeout(() => {
      this.waitShown = true;
      if (this.status === 'submitting') this.announce(message(this.locale(), 'processing'));
      this.host.requestUpdate();
    }, WAIT_SHOWN_AFTER_MS);
    let settle: (result: SubmitResult) => void = () => undefined;
    const promise = new Promise<SubmitResult>((resolve) => (settle = resolve));
    this.submission = { promise, settle };
    // The code that handles the answer (loaded since ready) must be here before the card leaves.
    withOutcomes(
      (outcomes) =>
        outcomes.prepareTexts(this.locale().locale).then(
          () => this.status === 'submitting' && this.pendingAttemptId === attemptId && this.form.submit(attemptId),
        ),
      () => {
        this.go('network-error');
        this.fail('CHUNK_LOAD_FAILED', 'SDK_CREATECOMPONENT_ERROR', true, ['outcomes-unloadable']);
      },
    );
    return promise;
  }

  private settleSubmission(result: SubmitResult): void {
    const submission = this.submission;
    this.submission = null;
    submission?.settle(result);
  }

  /** Shows errors on invalid fields and resolves with the validity; never valid before the form is up. */
  validate(): Promise<ValidationResult> {
    if (this.status === 'loading' || this.status === 'error') return Promise.resolve(NOT_VALIDATED);
    return this.form.validate();
  }

  /** Clears the fields and any error; a declined checkout becomes ready again, an open bank check is cancelled. */
  reset(): void {
    this.form.reset();
    this.errorText = '';
    this.pendingAttemptId = null;
    this.go('reset');
  }

  /** The buyer picked a saved card (or a new card) in the element's list. */
  selectCard(savedCardId: string | null): void {
    this.selectedCard = savedCardId;
    this.form.select(savedCardId);
    this.host.requestUpdate();
  }

  /** The buyer asks to remove a saved card: the merchant's server deletes its token. */
  requestRemoval(card: SavedCardView): void {
    const paymentSessionId = this.view?.paymentSessionId;
    if (!paymentSessionId) return;
    const { id: savedCardId, index, brand, last4 } = card;
    this.emit('antom-remove-card', { code: 'SDK_REMOVE_CARD', paymentSessionId, savedCardId, index, brand, last4 });
  }

  /** The only place the status changes; events the table does not allow are ignored. */
  go(event: CheckoutEvent): void {
    this.status = nextStatus(this.status, event) ?? this.status;
    this.host.requestUpdate();
  }

  /** What is wrong with the attributes, as a diagnostic a developer can act on; `null` when nothing is. */
  private attributeProblem(inputs: CheckoutInputs): Diagnostic | null {
    if (inputs.gatewayOrigin !== null && !isOrigin(inputs.gatewayOrigin))
      return ['gateway-origin', inputs.gatewayOrigin];
    if (inputs.environment !== null && inputs.environment !== 'sandbox' && inputs.environment !== 'prod') {
      return ['environment', inputs.environment];
    }
    if (inputs.mode !== 'payment' && inputs.mode !== 'vault') return ['mode', String(inputs.mode)];
    if (inputs.theme !== 'light' && inputs.theme !== 'dark' && inputs.theme !== 'auto') return ['theme', inputs.theme];
    if (!Number.isFinite(inputs.frameTimeout) || inputs.frameTimeout < 0) {
      return ['frame-timeout', String(inputs.frameTimeout)];
    }
    if (inputs.locale !== null && !/^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/.test(inputs.locale))
      return ['locale', inputs.locale];
    return null;
  }

  /** True when an attribute is wrong: `load()` would stop with `INVALID_ATTRIBUTE`. */
  hasAttributeProblem(inputs: CheckoutInputs): boolean {
    return this.attributeProblem(inputs) !== null;
  }

  /**
   * The merchant changed `sessionRequest`: a session still loading is fetched again with it, any
   * other is replaced by a new one (a new request is a new checkout, also after a payment). While a
   * payment runs the change would pull the session from under the buyer: it is refused with a warning.
   */
  requestChanged(): void {
    if (this.status === 'submitting' || this.status === 'challenge') {
      warn('sessionRequest', ['request-during-payment']);
      return;
    }
    void this.load();
  }

  private teardown(): void {
    clearTimeout(this.missingSourceTimer);
    this.sessions.stop();
    this.form.destroy();
    this.loaded = null;
  }

  private formEvents(): DriverEvents {
    return {
      report: (report) => this.report(report),
      change: (state) => {
        this.formState = state;
        this.host.requestUpdate();
        this.emit('antom-change', { code: 'SDK_FORM_CHANGE', ...state });
      },
      submitRequest: () => void this.submit(),
      expired: () => this.expire(),
      returnFocus: () => this.returnFocus(),
      prepare: (view) => this.prepare(view),
    };
  }

  /** Loads the saved-card list (its own chunk) when `view` has cards to list. */
  private async prepare(view: FormView): Promise<boolean> {
    if (view.savedCards.length === 0 || this.inputs().mode !== 'payment') return true;
    const loaded = this.loaded;
    try {
      const list = await import('../saved-cards.js');
      list.adoptSavedCardStyles(this.host, addStyles);
      this.savedCardList = list;
      return true;
    } catch {
      if (this.loaded === loaded)
        this.fail('CHUNK_LOAD_FAILED', 'SDK_CREATECOMPONENT_ERROR', false, ['saved-cards-unloadable']);
      return false;
    }
  }

  /** Everything a card form reports goes through the one table of Web SDK codes (sdk-events.ts). */
  private report(report: DriverReport): void {
    if (report.attemptId !== undefined && report.attemptId !== this.pendingAttemptId) return;
    const reaction = reactionTo(report.code);
    if (!reaction) {
      this.warnOnce(report.code, ['unknown-code', report.code]);
      return;
    }
    const code = report.code as AntomSdkCode;
    switch (reaction.kind) {
      case 'loading':
        this.emit('antom-loading', { code: 'SDK_START_OF_LOADING' });
        return;
      case 'ready':
        if (report.view && nextStatus(this.status, 'form-ready')) this.onReady(report.view);
        return;
      case 'authorized':
      case 'declined':
      case 'processing':
      case 'challenge':
      case 'invalid':
      case 'network-error':
      case 'cancel': {
        const { kind } = reaction;
        // Answers to a submission: their code was loaded before it left (submit()), so this runs at
        // once (a cancel too: the closing dialog gives focus back to a ready form).
        withOutcomes((outcomes) => outcomes.settle(this, kind, report));
        return;
      }
      case 'duplicate': {
        // The first submission goes on; the pay button already says so.
        const text = message(this.locale(), 'processing');
        this.emit('antom-error', {
          code,
          reason: 'DUPLICATE_SUBMISSION',
          message: text,
          recoverable: true,
          result: null,
        });
        return;
      }
      case 'error':
        this.fail(report.reason ?? reaction.reason, code, false, report.detail, report.result ?? null);
        return;
      case 'ignore':
        return;
    }
  }

  private onReady(view: FormView): void {
    this.view = view;
    this.go('form-ready');
    const usable = view.savedCards.find((card) => !card.expired);
    if (usable && this.inputs().mode === 'payment') this.selectCard(usable.id);
    // While a payment runs or is in process the gateway's answer, not the timer, says whether the
    // session expired: a payment made just in time must not read as an expired session.
    if (view.expiresAt) this.sessions.armExpiry(view.expiresAt, () => this.status !== 'submitting' && this.expire());
    this.announce(message(this.locale(), 'ready'));
    this.emit('antom-ready', {
      code: 'SDK_END_OF_LOADING',
      paymentSessionId: view.paymentSessionId,
      amount: view.amount,
    });
    // Fetched once the form is up, as none is needed for it: what a submission needs (a failure is
    // told at submit) and the saved cards' brand marks.
    withOutcomes((outcomes) => {
      addStyles(this.host, outcomes.outcomeStyles);
      return outcomes.prepareTexts(this.locale().locale);
    });
    this.savedCardList?.loadSavedCardLogos(this.host);
  }

  /** Back to the pay button, or into the card form when the merchant hides the button or it is gone. */
  private returnFocus(): void {
    // The outcome that closed the dialog has its message focused already (hostUpdated).
    if ((this.host.renderRoot as ShadowRoot).activeElement?.matches('[data-outcome]')) return;
    const button = this.host.renderRoot.querySelector<HTMLButtonElement>('[part~="pay-button"]');
    if (button && !button.disabled) button.focus();
    else this.host.focus();
  }

  private expire(): void {
    if (!nextStatus(this.status, 'expire')) return;
    const paymentSessionId = this.view?.paymentSessionId ?? this.loaded?.facts.paymentSessionId ?? null;
    this.teardown();
    this.go('expire');
    this.errorText = message(this.locale(), 'sessionExpired');
    this.showOutcome(this.errorText);
    this.emit('antom-session-expired', { code: 'SDK_SESSION_EXPIRED', paymentSessionId });
  }

  fail(
    reason: AntomErrorReason,
    code: AntomSdkCode,
    recoverable: boolean,
    diagnostic?: Diagnostic,
    result: AntomErrorDetail['result'] = null,
  ): void {
    const text = message(this.locale(), ERROR_MESSAGES[reason]);
    if (!recoverable) {
      this.teardown();
      this.go('fatal');
    }
    this.errorText = text;
    // Invalid fields: the frame has focused the first one, where the buyer fixes it.
    if (reason === 'FORM_INVALID') this.announce(text);
    else this.showOutcome(text);
    if (diagnostic) warn(reason, diagnostic);
    this.emit('antom-error', { code, reason, message: text, recoverable, result });
  }

  private warnOnce(key: string, diagnostic: Diagnostic): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    warn('ignored', diagnostic);
  }

  /** The message of an outcome: focused when it ends a submission (hostUpdated), else announced. */
  showOutcome(text: string): void {
    if (this.submission) this.outcomeText = text;
    else this.announcer.announce(text);
    this.host.requestUpdate();
  }

  announce(text: string): void {
    this.host.requestUpdate();
    this.announcer.announce(text);
  }

  emit<K extends keyof AntomEventDetails>(type: K, detail: AntomEventDetails[K], cancelable = false): boolean {
    const proceed = this.host.dispatchEvent(antomEvent(type, detail, cancelable));
    const outcome = OUTCOMES[type];
    // A second submit leaves the first one running.
    const duplicate = (detail as Partial<AntomErrorDetail>).reason === 'DUPLICATE_SUBMISSION';
    if (outcome && !duplicate) this.settleSubmission({ outcome, detail } as SubmitResult);
    return proceed;
  }
}
