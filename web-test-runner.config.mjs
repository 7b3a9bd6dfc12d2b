// Component tests in real Chromium. The runner's own server hosts the test pages on
// http://localhost:<port>; a real sandbox gateway (127.0.0.1, another origin) and the demo
// merchant server are started here, and `/api/*` on the page origin is proxied to the demo, so
// `session-url="/api/checkout/session"` works exactly as on a merchant's site.
// Needs `npm run build` first (the gateway serves the built frame; npm test builds).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { summaryReporter, defaultReporter } from '@web/test-runner';
import { startTestServers, freePort } from './test/support/servers.ts';
import { CHROME_ARGS, findChrome } from './scripts/chrome.mjs';
import { writeFileSync, mkdirSync } from 'node:fs';

const port = await freePort();
const pageOrigin = `http://localhost:${port}`;
let servers;

/** Prints `N passed, N failed, N skipped` and writes it for scripts/test.mjs. */
function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      const walk = (suite) => {
        for (const test of suite.tests ?? []) {
          if (test.skipped) counts.skipped += 1;
          else if (test.passed) counts.passed += 1;
          else counts.failed += 1;
        }
        for (const child of suite.suites ?? []) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        if (!session.passed && (!session.testResults || session.errors?.length)) counts.failed += session.errors?.length ? 1 : 0;
      }
      mkdirSync('.tmp', { recursive: true });
      writeFileSync('.tmp/wtr-summary.json', JSON.stringify(counts));
      console.log(`component: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    },
  };
}

export default {
  files: ['test/element/**/*.test.ts'],
  nodeResolve: true,
  port,
  hostname: 'localhost',
  concurrency: 1,
  testsFinishTimeout: 180000,
  testFramework: { config: { timeout: 20000 } },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: findChrome(), headless: true, args: CHROME_ARGS },
    }),
  ],
  reporters: [defaultReporter({ reportTestResults: true, reportTestProgress: false }), summaryReporter({ flatten: false }), countReporter()],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: new URL('./tsconfig.base.json', import.meta.url).pathname, target: 'es2022' }),
    {
      name: 'antom-test-servers',
      async serverStart() {
        servers = await startTestServers({ pageOrigin });
      },
      async serverStop() {
        await servers?.close();
      },
    },
  ],
  middleware: [
    async (ctx, next) => {
      if (!servers || !(ctx.path.startsWith('/api/') || ctx.path.startsWith('/test-api/'))) return next();
      await servers.handle(ctx.req, ctx.res);
      ctx.respond = false;
    },
  ],
};
