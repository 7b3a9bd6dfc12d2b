/**
 * Real servers for browser tests: the sandbox gateway on 127.0.0.1 and the demo merchant,
 * with fresh keys in a temporary sandbox folder and a clock tests can move.
 * `handle()` lets another server (the component-test runner) front the demo on its own origin,
 * plus a few `/test-api/*` routes that play a broken merchant endpoint.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, ensureSandbox, startGateway, type RunningGateway } from '../../gateway/src/index.js';
import { startDemo, type RunningDemo } from '../../demo/server.js';
import { AntomClient } from '../../src/server/index.js';

const root = new URL('../../', import.meta.url).pathname;

/** The running servers. */
export interface TestServers {
  gateway: RunningGateway;
  demo: RunningDemo;
  /** A client for SANDBOX_DEMO, to check results on the gateway. */
  client: AntomClient;
  /** The gateway's clock. */
  clock: ManualClock;
  gatewayOrigin: string;
  /** Origin the browser uses for the shop (`http://localhost:<port>` or the fronting origin). */
  demoOrigin: string;
  /** Every log line of both servers. */
  logs: string[];
  /** Serves `/api/*` (proxied to the demo) and `/test-api/*` for a fronting server. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 256 * 1024) {
        reject(new Error('test proxy: body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the gateway and the demo; `pageOrigin` is the origin browsers will see the shop on. */
export async function startTestServers(options: { pageOrigin?: string } = {}): Promise<TestServers> {
  const sandboxDir = mkdtempSync(join(tmpdir(), 'antom-e2e-'));
  const sandbox = ensureSandbox(sandboxDir);
  const logs: string[] = [];
  const clock = new ManualClock();
  const gateway = await startGateway({
    port: 0,
    sandboxDir,
    frameDir: join(root, 'dist/frame'),
    clock,
    notificationTimeScale: 0.001,
    log: (line) => logs.push(`[gateway] ${line}`),
    seed: 7,
  });
  const client = new AntomClient({
    clientId: sandbox.demoMerchant.clientId,
    privateKey: sandbox.demoMerchant.privateKeyPem,
    antomPublicKey: gateway.publicKeyPem,
    endpoint: gateway.origin,
  });
  const demo = await startDemo({
    port: 0,
    client,
    staticRoot: root,
    gatewayOrigin: gateway.origin,
    ...(options.pageOrigin ? { publicOrigin: options.pageOrigin } : {}),
    log: (line) => logs.push(`[demo] ${line}`),
  });

  const proxy = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const body = await readBody(req);
    await new Promise<void>((resolve) => {
      const upstream = httpRequest(
        { host: '127.0.0.1', port: demo.port, method: req.method, path, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', resolve);
        },
      );
      upstream.on('error', () => {
        send(res, 502, 'text/plain', 'test proxy: demo unreachable');
        resolve();
      });
      upstream.end(body);
    });
  };

  const pageOrigin = options.pageOrigin ?? demo.origin;
  let sequence = 0;

  /** Tokenizes cards through `payments/pay` and opens a session listing them (tokens stay here). */
  const savedSession = async (input: {
    cards?: Array<{ number: string; expiry: string }>;
    needCvv?: boolean;
    /** Moves the gateway clock after tokenizing and before opening the session (to expire a card). */
    advanceMs?: number;
  }) => {
    const tokens: string[] = [];
    for (const card of input.cards ?? []) {
      const [expiryMonth, expiryYear] = card.expiry.split('/') as [string, string];
      const paid = await client.pay({
        productCode: 'CASHIER_PAYMENT',
        paymentRequestId: `test_pay_${Date.now()}_${sequence++}`,
        paymentAmount: { currency: 'USD', value: '100' },
        order: {
          orderDescription: 'token for a test',
          referenceOrderId: `ref_${sequence}`,
          orderAmount: { currency: 'USD', value: '100' },
        },
        paymentMethod: {
          paymentMethodType: 'CARD',
          paymentMethodMetaData: { cardNo: card.number, cvv: '123', expiryMonth, expiryYear, tokenize: true },
        },
        paymentFactor: { isAuthorization: true },
        paymentRedirectUrl: `${pageOrigin}/done`,
      });
      const token = (paid as { paymentResultInfo?: { cardToken?: string } }).paymentResultInfo?.cardToken;
      if (!token) throw new Error('test servers: the gateway issued no card token');
      tokens.push(token);
    }
    if (input.advanceMs) clock.advance(input.advanceMs);
    const session = await client.createPaymentSession({
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId: `test_session_${Date.now()}_${sequence++}`,
      paymentAmount: { currency: 'USD', value: '4200' },
      order: {
        orderDescription: 'saved cards test',
        referenceOrderId: `ref_${sequence}`,
        orderAmount: { currency: 'USD', value: '4200' },
      },
      paymentMethod: { paymentMethodType: 'CARD' },
      paymentFactor: { isAuthorization: true },
      paymentRedirectUrl: `${pageOrigin}/done`,
      savedPaymentMethods: tokens.map((token) => ({ paymentMethodType: 'CARD' as const, paymentMethodId: token })),
      availablePaymentMethod: { paymentMethodMetaData: { tokenizeMode: 'ASKFORCONSENT', isCardOnFile: true } },
      merchantAppointParam: { storedCard: { needCVV: input.needCvv === true } },
    });
    return session;
  };

  const vaultSession = (threeDS: boolean) =>
    client.createVaultingSession({
      paymentMethodType: 'CARD',
      vaultingRequestId: `test_vault_${Date.now()}_${sequence++}`,
      vaultingNotificationUrl: `${pageOrigin}/api/antom/notify`,
      redirectUrl: `${pageOrigin}/cards`,
      ...(threeDS ? { is3DSAuthentication: true } : {}),
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://test.invalid');
    switch (url.pathname) {
      case '/test-api/config':
        return send(res, 200, 'application/json', JSON.stringify({ gatewayOrigin: gateway.origin }));
      case '/test-api/advance-clock':
        clock.advance(Number(url.searchParams.get('ms') ?? '0'));
        return send(res, 200, 'application/json', JSON.stringify({ now: clock.now().toISOString() }));
      case '/test-api/bad/500':
        return send(res, 500, 'application/json', '{"error":"boom"}');
      case '/test-api/bad/not-json':
        return send(res, 200, 'text/html', '<html>not json</html>');
      case '/test-api/bad/no-data':
        return send(res, 200, 'application/json', '{"paymentSessionId":"ps_x"}');
      case '/test-api/bad/failed-result':
        return send(
          res,
          200,
          'application/json',
          '{"result":{"resultCode":"PARAM_ILLEGAL","resultStatus":"F","resultMessage":"bad"}}',
        );
      case '/test-api/saved-session':
        return send(
          res,
          200,
          'application/json',
          JSON.stringify(await savedSession(JSON.parse((await readBody(req)).toString() || '{}'))),
        );
      case '/test-api/vault-session':
        return send(
          res,
          200,
          'application/json',
          JSON.stringify(await vaultSession(url.searchParams.get('threeDS') === '1')),
        );
      case '/test-api/slow-session':
        await new Promise((resolve) => setTimeout(resolve, 800));
        return proxy(req, res, '/api/checkout/session');
      default:
        if (url.pathname.startsWith('/api/')) return proxy(req, res, `${url.pathname}${url.search}`);
        return send(res, 404, 'text/plain', 'not found');
    }
  };

  return {
    gateway,
    demo,
    client,
    clock,
    gatewayOrigin: gateway.origin,
    demoOrigin: demo.origin,
    logs,
    handle,
    close: async () => {
      await demo.close();
      await gateway.close();
      rmSync(sandboxDir, { recursive: true, force: true });
    },
  };
}

/** Runs `run` against freshly started servers, closed afterwards whatever happens. */
export async function withTestServers(run: (servers: TestServers) => Promise<void>): Promise<void> {
  const servers = await startTestServers();
  try {
    await run(servers);
  } finally {
    await servers.close();
  }
}
