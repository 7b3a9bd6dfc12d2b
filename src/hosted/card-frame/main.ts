/**
 * Bootstrap of the secure card frame: checks who embeds it, opens the channel, loads the
 * session and runs the one-payment-at-a-time submission. The only code on the buyer's side
 * that holds a card number; it logs nothing and stores nothing.
 */
import { loadFieldMessages, type FieldMessages } from '../../shared/i18n/field-messages.js';
import { withTexts } from '../../shared/i18n/hosted-catalogue.js';
import { direction, toBcp47 } from '../../shared/i18n/locale.js';
import { applyAppearance } from '../appearance.js';
import type { ElementToFrame, SessionErrorCode } from '../../shared/channel/messages.js';
import { parseSessionData } from '../../shared/session-data.js';
import { connect, isEmbeddedBy, takeChannelParams, type Send } from '../guest-channel.js';
import { buildForm, type CardForm } from './form.js';
import { loadSession, pay, post, toOutcome } from './submit.js';

const query = new URLSearchParams(location.search);
/** The embedding page's origin: the URL names it (the gateway let only it frame this page) and so does the fragment. */
const params = takeChannelParams();
const embedder = params && params.origin === query.get('origin') && isEmbeddedBy(params.origin) ? params.origin : '';

let locale: string | undefined;
let texts: Promise<FieldMessages>;
let sessionData = '';
/** A vault session: the card is bound, not charged. */
let vault = false;
let form: CardForm | undefined;
let initialized = false;
let inFlight = false;
/** No more submissions: the payment succeeded or is pending, or the session is gone. */
let closed = false;
/** The attempt the gateway left in process (no challenge): resending it asks where its payment stands. */
let following = '';
/** The last state and height posted, so only changes are posted. */
let lastState = '';
let height = -1;

/** Starts loading the texts of `input`'s locale (at boot already, so init does not wait for them). */
function setLocale(input: string | null): void {
  // The element sends the locale it resolved; the frame keeps no table of locales (its script has
  // no room for one): a locale without a catalogue file shows English.
  const wanted = input && /^[a-z]{2}[-_][A-Z]{2}$/.test(input) ? input.replace('-', '_') : 'en_US';
  if (wanted === locale) return;
  locale = wanted;
  texts = loadFieldMessages(wanted);
  document.documentElement.lang = toBcp47(wanted);
  document.documentElement.dir = direction(wanted);
  // Cannot reject: a catalogue that fails to load falls back to English.
  void texts.then((loaded) => (document.title = loaded.title));
}

function postState(send: Send, always = false): void {
  if (!form) return;
  const state = form.state();
  const text = JSON.stringify(state);
  if (text === lastState && !always) return;
  lastState = text;
  send({ type: 'state', state });
}

function postHeight(send: Send, always = false): void {
  const next = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (next !== height || always) send({ type: 'resize', height: (height = next) });
}

function sessionError(send: Send, code: SessionErrorCode): void {
  send({ type: 'session-error', code });
}

async function init(message: Extract<ElementToFrame, { type: 'init' }>, send: Send): Promise<void> {
  if (initialized) return;
  initialized = true;
  const parsed = parseSessionData(message.sessionData);
  if (!parsed || parsed.config.gatewayOrigin !== location.origin) {
    sessionError(send, 'SESSION_INVALID');
    return;
  }
  sessionData = message.sessionData;
  vault = parsed.config.mode === 'vault';
  // The view is on the way to ready: asked for first, the rest is done while it comes.
  const loading = loadSession(sessionData, parsed.config, embedder);
  setLocale(message.locale || query.get('locale'));
  applyAppearance(message.appearance);
  const loaded = await loading;
  if ('error' in loaded) {
    sessionError(send, loaded.error);
    return;
  }
  // The merchant's texts (the element's `messages`, `frame.` keys) go over the catalogue's.
  form = buildForm(withTexts(await texts, message.messages), loaded.view, {
    changed: () => postState(send),
    // Enter in a field read-only while a payment runs asks for nothing (as a click on the busy button).
    enter: () => !inFlight && send({ type: 'submit-request' }),
  });
  // Measuring the height lays the form out. A new card's form has the height the element reserved,
  // so ready goes first and the element does not wait for that layout; with saved cards the height
  // goes first, so the element lays out its list and the frame in one go, not in two shifts.
  const listed = (loaded.view.savedCards ?? []).length > 0;
  if (listed) postHeight(send);
  send({ type: 'ready', view: loaded.view });
  if (!listed) postHeight(send);
  postState(send);
  new ResizeObserver(() => postHeight(send)).observe(document.documentElement);
}

/**
 * The element resent an attempt the gateway left in process: the card is not sent again, the
 * gateway is asked where the session's payment stands, and only a final answer is passed on.
 */
async function inquire(attemptId: string, send: Send): Promise<void> {
  const answer = await post('/sdk/v1/payments/inquiry', { paymentSessionData: sessionData });
  const outcome = answer && toOutcome(answer);
  if (!outcome?.paymentId || outcome.status === 'PROCESSING' || following !== attemptId) return;
  following = '';
  closed = outcome.status !== 'FAIL';
  form?.setDisabled(closed);
  send({ type: 'result', attemptId, outcome });
}

async function submit(attemptId: string, send: Send): Promise<void> {
  if (following === attemptId) return inquire(attemptId, send);
  if (!form || inFlight || closed) return;
  const invalidFields = form.validate();
  if (invalidFields.length) {
    send({ type: 'invalid', attemptId, invalidFields });
    return;
  }
  inFlight = true;
  // Read-only, not disabled: a visible change here would be painted while the answer is on its way.
  form.lock(true);
  const attempt = await pay({ paymentSessionData: sessionData, ...form.payload() }, attemptId, vault);
  inFlight = false;
  if ('networkError' in attempt) {
    // The CVC stays: the element may resend the same attempt, which the gateway answers idempotently.
    form.lock(false);
    send({ type: 'network-error', attemptId });
    return;
  }
  const { outcome } = attempt;
  form.lock(false);
  if (outcome.resultCode === 'SESSION_EXPIRED' || outcome.resultCode === 'SESSION_NOT_FOUND') {
    closed = true;
    form.setDisabled(true);
    form.reset();
    sessionError(send, outcome.resultCode);
    return;
  }
  // A pending payment may still succeed: a second authorization could charge the buyer twice.
  closed = outcome.status !== 'FAIL' && !outcome.challenge;
  if (outcome.status === 'PROCESSING' && !outcome.challenge && !vault) following = attemptId;
  // The answer first: the buyer's outcome does not wait for the form's upkeep below. A closed form
  // (paid, bound or pending) posts no state after it; a declined one posts the emptied CVC.
  send({ type: 'result', attemptId, outcome });
  // A bank check keeps the CVC: after a cancelled check the buyer submits the same card again.
  if (!outcome.challenge) form.clearCvc(closed);
  form.setDisabled(closed);
}

// The channel calls `handle` synchronously, so init and submit float; neither rejects, as loadSession
// and pay turn every failure into a value that is reported over the channel.
function handle(message: ElementToFrame, send: Send): void {
  switch (message.type) {
    case 'init':
      void init(message, send);
      return;
    case 'submit':
      void submit(message.attemptId, send);
      return;
    case 'validate': {
      if (!form) return;
      const invalidFields = form.validate();
      send({ type: 'validation', requestId: message.requestId, valid: invalidFields.length === 0, invalidFields });
      return;
    }
    case 'select':
      // The mode never changes under a payment in flight or after the last one.
      if (form && !inFlight && !closed && form.select(message.savedCardId)) {
        postState(send, true);
        postHeight(send, true);
      }
      return;
    case 'reset':
      if (!form) return;
      form.reset();
      if (!inFlight && !closed) form.setDisabled(false);
      return;
    case 'close':
      // The bank's check ended the attempt for good (authorized, or pending): as after any final answer.
      closed = true;
      form?.clearCvc(true);
      form?.setDisabled(true);
      return;
    case 'focus':
      form?.focus();
      return;
    case 'appearance':
      applyAppearance(message.appearance);
      return;
  }
}

if (params && embedder) {
  setLocale(query.get('locale'));
  connect(params, handle);
}
