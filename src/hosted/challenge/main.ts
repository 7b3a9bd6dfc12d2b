/**
 * The 3-D Secure container page, served by the gateway inside the element's dialog. It checks who
 * embeds it, opens the same kind of channel as the card frame, asks the gateway to start the
 * challenge, and posts the challenge request to the bank's page (its own origin) in a nested frame.
 * When the bank sends the buyer back to the gateway's notify page, the container asks the gateway
 * for the outcome (the gateway's word, never a browser message) and hands it to the element.
 * Only ids cross the channel: the container never sees card data.
 */
import { EN_US_CHALLENGE_MESSAGES, loadChallengeMessages } from '../../shared/i18n/challenge-messages.js';
import { direction, toBcp47 } from '../../shared/i18n/locale.js';
import { resolveLocale } from '../../shared/i18n/locales.js';
import type { PaymentOutcome } from '../../shared/types.js';
import { applyAppearance } from '../appearance.js';
import { connect, isEmbeddedBy, takeChannelParams, type Send } from '../guest-channel.js';
import { post, toOutcome } from '../card-frame/submit.js';

/** Where the bank sends the buyer back to: a static gateway page the container can read once loaded. */
const NOTIFY_PATH = '/sdk/v1/challenges/notify';
/** How many times `complete` is asked while the gateway has no result from the bank yet. */
const COMPLETE_ATTEMPTS = 5;
/** Pause between two `complete` calls. */
const COMPLETE_RETRY_MS = 700;
/** How long a focus request waits for this document to receive focus. */
const FOCUS_GRACE_MS = 1000;

const query = new URLSearchParams(location.search);
const challengeId = query.get('id') ?? '';
const locale = resolveLocale(query.get('locale'));
/** English until the locale's texts arrive (fetched alongside the gateway's first answer). */
let texts = EN_US_CHALLENGE_MESSAGES;
const status = document.getElementById('status') as HTMLParagraphElement;
const acs = document.querySelector('iframe') as HTMLIFrameElement;

/** The element moved focus here and asked for the bank's page; honoured once that page is showing. */
let focusWanted = false;
/** `complete` runs at most once at a time, and not again once an outcome was sent. */
let completing = false;

/** The status shown, by key, so it can be shown again in the buyer's language once that loads. */
let shown: 'starting' | 'unreachable' | 'noAnswer' = 'starting';

/** Shows `text` in place of the bank's page. */
function showStatus(key: typeof shown, error = false): void {
  shown = key;
  status.textContent = texts[key];
  if (error) status.dataset['tone'] = 'error';
  else delete status.dataset['tone'];
  status.hidden = false;
  acs.hidden = true;
}

/** Focus moves on only when this document has it: a frame must not pull focus out of the merchant's page. */
function focusBank(): void {
  if (document.hasFocus()) {
    focusWanted = true;
    if (!acs.hidden) acs.focus();
    return;
  }
  // The element focuses this frame just before it asks; this document may learn of it a moment later.
  const onFocus = (): void => focusBank();
  window.addEventListener('focus', onFocus, { once: true });
  setTimeout(() => window.removeEventListener('focus', onFocus), FOCUS_GRACE_MS);
}

const httpUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

/** Posts the challenge request to the bank's page in the nested frame (a form post, as 3-D Secure asks). */
function postToBank(acsUrl: string, creq: string): void {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = acsUrl;
  form.target = acs.name;
  form.hidden = true;
  const field = document.createElement('input');
  field.type = 'hidden';
  field.name = 'creq';
  field.value = creq;
  form.append(field);
  document.body.append(form);
  form.submit();
  form.remove();
}

/** The outcome a gateway answer stands for; `undefined` when there was no readable answer. */
async function ask(path: string): Promise<{ answer: Record<string, unknown>; outcome: PaymentOutcome } | undefined> {
  const answer = await post(path, { challengeId });
  const outcome = answer && toOutcome(answer);
  if (!answer || !outcome) return undefined;
  delete outcome.challenge;
  return { answer, outcome };
}

async function start(send: Promise<Send>): Promise<void> {
  const started = await ask('/sdk/v1/challenges/start');
  if (!started) {
    showStatus('unreachable', true);
    return;
  }
  const { answer, outcome } = started;
  if (outcome.status === 'FAIL') {
    // Expired or superseded: the element closes the dialog and names the failure in its own words.
    (await send)({ type: 'result', attemptId: challengeId, outcome });
    return;
  }
  const { acsUrl, creq } = answer;
  if (outcome.status !== 'SUCCESS' || !httpUrl(acsUrl) || typeof creq !== 'string' || creq === '') {
    showStatus('unreachable', true);
    return;
  }
  acs.addEventListener('load', () => onBankFrameLoad(send));
  postToBank(acsUrl, creq);
}

function onBankFrameLoad(send: Promise<Send>): void {
  let path = '';
  try {
    // Readable only once the frame is back on this origin (the notify page); the bank's page throws.
    path = acs.contentWindow?.location.pathname ?? '';
  } catch {
    path = '';
  }
  if (path === NOTIFY_PATH) {
    // Cannot reject: post() turns every network or parse failure into `undefined`.
    void complete(send);
    return;
  }
  if (acs.hidden) {
    status.hidden = true;
    acs.hidden = false;
    if (focusWanted && document.hasFocus()) acs.focus();
  }
}

/**
 * Hands a final gateway answer to the element: that the buyer cancelled the check (on the bank's
 * page or from the checkout), or the outcome. False for no answer, or "the bank has not answered yet".
 */
async function hand(send: Promise<Send>, answered: Awaited<ReturnType<typeof ask>>): Promise<boolean> {
  // Only "the bank has not answered yet" is worth asking again; a payment the acquirer left in
  // process after a passed check is an outcome the element reports as processing.
  if (!answered || answered.outcome.resultCode === 'VERIFICATION_IN_PROCESS') return false;
  (await send)(
    answered.answer['challengeCancelled'] === true
      ? { type: 'cancelled', attemptId: challengeId }
      : { type: 'result', attemptId: challengeId, outcome: answered.outcome },
  );
  return true;
}

async function complete(send: Promise<Send>): Promise<void> {
  if (completing) return;
  completing = true;
  for (let attempt = 0; attempt < COMPLETE_ATTEMPTS; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, COMPLETE_RETRY_MS));
    if (await hand(send, await ask('/sdk/v1/challenges/complete'))) return;
  }
  showStatus('noAnswer', true);
  completing = false;
}

/**
 * The buyer left from the checkout (the dialog's Cancel, or Escape): the gateway ends the check as
 * the bank's Cancel does, unless the bank answered first. Without an answer the element closes the
 * dialog by itself.
 */
async function leave(send: Promise<Send>): Promise<void> {
  await hand(send, await ask('/sdk/v1/challenges/cancel'));
}

/** Writes the texts of the page's chrome; the status again only while it is showing. */
function applyTexts(): void {
  document.title = texts.title;
  acs.title = texts.frameTitle;
  if (!status.hidden) status.textContent = texts[shown];
}

document.documentElement.lang = toBcp47(locale);
document.documentElement.dir = direction(locale);
showStatus('starting');
applyTexts();
// Cannot reject: a catalogue that fails to load leaves English.
void loadChallengeMessages(locale).then((loaded) => {
  texts = loaded;
  applyTexts();
});

const params = takeChannelParams();
if (params && isEmbeddedBy(params.origin) && /^[A-Za-z0-9_-]{8,128}$/.test(challengeId)) {
  const send = new Promise<Send>((resolve) => {
    connect(params, (message, reply) => {
      resolve(reply);
      if (message.type === 'focus') focusBank();
      else if (message.type === 'appearance') applyAppearance(message.appearance);
      else if (message.type === 'close') void leave(send);
    });
  });
  // Cannot reject: post() turns every network or parse failure into `undefined`.
  void start(send);
} else {
  showStatus('unreachable', true);
}
