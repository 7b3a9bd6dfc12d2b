/**
 * What the component-test runner serves besides the test pages, with no gateway and no demo shop:
 *
 * - a second loopback origin (`http://127.0.0.1:<another port>`) where `/sdk/v1/frame` and
 *   `/sdk/v1/challenge` are fake frames (test/element/support/fake-frame-guest.ts) that a test
 *   scripts over a control port. Everything else on that origin is handed to the runner's own app,
 *   so the fake frame's TypeScript is compiled on the fly like the tests themselves;
 * - tiny merchant session endpoints under `/test-api/` on the test page's own origin: a good one
 *   naming the fake frames' origin as its gateway, a slow one, a held one (answered when the test
 *   releases it) and broken ones.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { encodeSessionData, type SessionMode } from '../../src/shared/session-data.js';
import { closeServer, listen } from './http.js';
import { sleep } from './waits.js';

/** A Node request handler: the runner's Koa app, as `app.callback()` gives it. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The running harness. */
export interface ComponentHarness {
  /** Origin of the fake frames, e.g. `http://127.0.0.1:45123`. */
  frameOrigin: string;
  /** Answers `/test-api/*` on the test page's origin; false for any other path. */
  handleTestApi(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  close(): Promise<void>;
}

const FRAME_PAGES: Record<string, string> = {
  '/sdk/v1/frame': 'Fake card frame',
  '/sdk/v1/challenge': 'Fake 3-D Secure container',
};

const GUEST_SCRIPT = '/test/element/support/fake-frame-guest.ts';

/** How long the slow session endpoint waits: long enough to see the element loading. */
const SLOW_SESSION_MS = 800;

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

function framePage(title: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <script type="module" src="${GUEST_SCRIPT}"></script>
  </head>
  <body>
    <main><h1>${title}</h1></main>
  </body>
</html>`;
}

/** A createPaymentSession (or createVaultingSession) answer whose session names `frameOrigin`. */
function sessionAnswer(frameOrigin: string, mode: SessionMode): Record<string, unknown> {
  const paymentSessionId = `ps_harness_${randomBytes(8).toString('hex')}`;
  const data = encodeSessionData(`harness_${randomBytes(16).toString('hex')}`, 'SG', {
    clientId: 'SANDBOX_HARNESS',
    paymentSessionConfig: {
      productScene: mode === 'vault' ? 'VAULTING' : 'CASHIER_PAYMENT',
      paymentMethodCategoryType: 'CARD',
      productSceneVersion: '1.0',
    },
    paymentSessionId,
    gatewayOrigin: frameOrigin,
    mode,
  });
  return {
    result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
    paymentSessionId,
    paymentSessionExpiryTime: new Date(Date.now() + 3600_000).toISOString(),
    ...(mode === 'vault' ? { vaultingSessionData: data } : { paymentSessionData: data }),
  };
}

/** Drains a request body: the element POSTs `sessionRequest`, which these endpoints ignore. */
function drain(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the fake frames' origin on 127.0.0.1 (a free port), falling through to `app` for modules. */
export async function startComponentHarness(app: RequestHandler): Promise<ComponentHarness> {
  const frames: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://harness.invalid').pathname;
    const title = FRAME_PAGES[path];
    if (title) return send(res, 200, 'text/html; charset=utf-8', framePage(title));
    if (path.startsWith('/sdk/')) return send(res, 404, 'text/plain', 'not a fake frame');
    app(req, res);
  });
  const frameOrigin = `http://127.0.0.1:${await listen(frames)}`;
  // Bodies the session endpoints received, in order: `/test-api/session-bodies` reads and clears them.
  let sessionBodies: string[] = [];
  // `/test-api/held-session` answers only once `/test-api/release-session` is called (or the next test starts).
  let releaseHeld: () => void = () => undefined;
  let held = Promise.resolve();

  const handleTestApi = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://test.invalid');
    if (!url.pathname.startsWith('/test-api/')) return false;
    const body = await drain(req);
    if (url.pathname === '/test-api/session' || url.pathname === '/test-api/slow-session') sessionBodies.push(body);
    const mode: SessionMode = url.searchParams.get('mode') === 'vault' ? 'vault' : 'payment';
    switch (url.pathname) {
      case '/test-api/config':
        send(res, 200, 'application/json', JSON.stringify({ frameOrigin }));
        break;
      case '/test-api/session-bodies':
        send(res, 200, 'application/json', JSON.stringify(sessionBodies));
        sessionBodies = [];
        break;
      case '/test-api/session':
        send(res, 200, 'application/json', JSON.stringify(sessionAnswer(frameOrigin, mode)));
        break;
      case '/test-api/hold-session':
        releaseHeld();
        held = new Promise((resolve) => (releaseHeld = resolve));
        send(res, 200, 'application/json', '{}');
        break;
      case '/test-api/release-session':
        releaseHeld();
        send(res, 200, 'application/json', '{}');
        break;
      case '/test-api/held-session':
        await held;
        send(res, 200, 'application/json', JSON.stringify(sessionAnswer(frameOrigin, mode)));
        break;
      case '/test-api/slow-session':
        await sleep(SLOW_SESSION_MS);
        send(res, 200, 'application/json', JSON.stringify(sessionAnswer(frameOrigin, mode)));
        break;
      case '/test-api/bad/500':
        send(res, 500, 'application/json', '{"error":"boom"}');
        break;
      case '/test-api/bad/not-json':
        send(res, 200, 'text/html', '<html>not json</html>');
        break;
      case '/test-api/bad/no-data':
        send(res, 200, 'application/json', '{"paymentSessionId":"ps_x"}');
        break;
      case '/test-api/bad/failed-result':
        send(
          res,
          200,
          'application/json',
          '{"result":{"resultCode":"PARAM_ILLEGAL","resultStatus":"F","resultMessage":"bad"}}',
        );
        break;
      default:
        send(res, 404, 'text/plain', 'not found');
    }
    return true;
  };

  return {
    frameOrigin,
    handleTestApi,
    close: () => closeServer(frames),
  };
}
