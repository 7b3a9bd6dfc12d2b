// Component tests of the element in real Chromium, with no gateway and no demo shop. The runner's
// own server hosts the test pages on http://localhost:<port> and compiles the element on the fly;
// fake frames (test/element/support/) are served on http://127.0.0.1:<another port>, another
// origin, so the element's handshake and checks run cross-origin as with the real gateway. Tiny
// merchant session endpoints answer under `/test-api/` on the page's origin. The real gateway,
// frame and demo are the end-to-end suite's (test/e2e/). Needs no build.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { summaryReporter, defaultReporter } from '@web/test-runner';
import { startComponentHarness } from './test/support/component-harness.ts';
import { freePort } from './test/support/servers.ts';
import { CHROME_ARGS, findChrome } from './scripts/chrome.mjs';
import { writeFileSync, mkdirSync } from 'node:fs';

const port = await freePort();
let harness;

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
    // JSON as modules: esbuild drops the sources' `with { type: 'json' }`, so catalogues are served as JS.
    esbuildPlugin({ ts: true, json: true, tsconfig: new URL('./tsconfig.base.json', import.meta.url).pathname, target: 'es2022' }),
    {
      name: 'antom-component-harness',
      async serverStart({ app }) {
        // The fake frames' origin falls through to this same app, which compiles their script.
        harness = await startComponentHarness(app.callback());
      },
      async serverStop() {
        await harness?.close();
      },
    },
  ],
  middleware: [
    async (ctx, next) => {
      if (!harness || !(await harness.handleTestApi(ctx.req, ctx.res))) return next();
      ctx.respond = false;
    },
  ],
};
