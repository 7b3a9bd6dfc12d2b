/**
 * What the element tells a developer in the console when something is set up wrong: one line that
 * says what to change. A chunk of its own, loaded only to print a warning, so pages that are set up
 * right never download these texts (see `warn.ts`).
 */
export const DIAGNOSTICS = {
  'gateway-origin': (value: string) => `gateway-origin "${value}" is not an origin such as https://gateway.example.`,
  environment: (value: string) => `environment "${value}" is neither "sandbox" nor "prod".`,
  mode: (value: string) => `mode "${value}" is neither "payment" nor "vault" (vault binds a card without paying).`,
  theme: (value: string) => `theme "${value}" is not "light", "dark" or "auto"; colours come from the --antom-* properties.`,
  'frame-timeout': (value: string) => `frame-timeout "${value}" is not a number of milliseconds.`,
  locale: (value: string) => `locale "${value}" is not a language tag such as en_US or en-US.`,
  'missing-source': () =>
    'no session to load: set session-url to your session endpoint, or the session property to a createPaymentSession answer.',
  'environment-required': () =>
    'this session was minted by Antom: set environment="sandbox" (Antom\'s test environment) or environment="prod" (real money).',
  'driver-unloadable': () =>
    'the Antom SDK driver could not be loaded: serve every file of dist/cdn, under its own name, with its integrity value.',
  'saved-cards-unloadable': () =>
    'the saved-card list could not be loaded: serve every file of dist/cdn, under its own name, with its integrity value.',
  'challenge-unloadable': () =>
    'the 3-D Secure dialog could not be loaded: serve every file of dist/cdn, under its own name, with its integrity value.',
  'outcomes-unloadable': () =>
    "the code that handles a payment's answer could not be loaded: serve every file of dist/cdn, under its own name, with its integrity value.",
  'request-during-payment': () =>
    'sessionRequest changed while a payment was running: ignored. Call reload() once its outcome is known.',
  'low-contrast': (text: string, token: string, surface: string, ratio: string, scheme: string) =>
    `the text colour ${text} on ${token} ${surface} has a contrast of ${ratio}:1 in the ${scheme} theme, under the 4.5:1 buyers need to read it: set ${token} as well, or a theme that matches your --antom-* colours.`,
  'unknown-code': (code: string) => `the card form reported ${code}, which Antom does not document; ignored.`,
  'frame-blocked': (origin: string) => `this page's Content-Security-Policy blocks the card frame: add ${origin} to frame-src.`,
  'frame-timeout-hint': () =>
    "the card frame never answered: check that the gateway is reachable and that this page's CSP allows it in frame-src.",
  'catalogue-missing': (locale: string) =>
    `the ${locale} texts could not be loaded: serve every file of dist/cdn, under its own name, with its integrity value; showing English.`,
  'session-failed': (code: string) => `createPaymentSession failed: ${code}.`,
  'session-data': () => 'the session has no valid paymentSessionData or vaultingSessionData.',
  'session-mode': (session: string, element: string) =>
    `the session is for "${session}" but the element's mode is "${element}".`,
  'gateway-pin': (gateway: string, pinned: string) => `the session names gateway ${gateway}, but gateway-origin pins ${pinned}.`,
  'session-url': (url: string) => `session-url "${url}" is not a valid URL.`,
  'session-url-scheme': () => 'session-url must be an http(s) URL.',
  'session-unreachable': () => 'the session request did not reach the merchant server.',
  'session-http': (status: string) => `the session endpoint answered HTTP ${status}.`,
  'session-not-json': () => 'the session endpoint did not answer JSON.',
  /** A message the card form itself gave (Antom's SDK), passed on as it came. */
  text: (message: string) => message,
} satisfies Record<string, (...args: string[]) => string>;
