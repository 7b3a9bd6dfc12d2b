/** Starts the demo shop against the fake signed Antom, for demo tests. */
import { AntomClient } from '../../src/server/index.js';
import { startDemo, type RunningDemo } from '../../demo/server.js';
import { keys, startFakeAntom, type FakeAntom, type FakeReply } from '../server/support/fake-antom.js';

/** A demo shop wired to a fake Antom. */
export interface DemoFixture {
  demo: RunningDemo;
  antom: FakeAntom;
  /** Base URL to call the demo (the bound address, not the public origin). */
  base: string;
  logs: string[];
  close(): Promise<void>;
}

/** Starts both on ephemeral ports; `reply` answers each Open API call. */
export async function startDemoFixture(reply: (path: string, body: string) => FakeReply): Promise<DemoFixture> {
  const antom = await startFakeAntom((request) => reply(request.path, request.body));
  const client = new AntomClient({
    clientId: 'SANDBOX_TEST',
    privateKey: keys.merchantPrivate,
    antomPublicKey: keys.antomPublic,
    endpoint: antom.origin,
    timeoutMs: 2_000,
  });
  const logs: string[] = [];
  const demo = await startDemo({ port: 0, client, log: (line) => logs.push(line) });
  return {
    demo,
    antom,
    base: `http://127.0.0.1:${demo.port}`,
    logs,
    close: async () => {
      await demo.close();
      await antom.close();
    },
  };
}

/** POSTs JSON (or raw text with a content type) and returns status and parsed body. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; json: unknown; text: string; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}
