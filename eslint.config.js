// Lint: typescript-eslint (type-aware for src/, gateway/ and demo/; tests, scripts and configs
// syntax-only), Lit and web-component rules for the element, and the project's own safety rules
// for shipped code (no wildcard postMessage, no HTML sinks).
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';

const noUnsafeSinks = [
  {
    selector: "CallExpression[callee.property.name='postMessage'] > Literal[value='*']",
    message: "postMessage must name an exact target origin, never '*'.",
  },
  { selector: "MemberExpression[property.name='innerHTML']", message: 'innerHTML is not allowed.' },
  { selector: "MemberExpression[property.name='outerHTML']", message: 'outerHTML is not allowed.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'insertAdjacentHTML is not allowed.' },
  { selector: "CallExpression[callee.name='unsafeHTML']", message: 'unsafeHTML is not allowed.' },
  { selector: "CallExpression[callee.property.name='write'][callee.object.name='document']", message: 'document.write is not allowed.' },
  { selector: "NewExpression[callee.name='Function']", message: 'new Function is not allowed.' },
];

// Each of these files belongs to one runtime's tsconfig, which the project service finds by itself.
const TYPE_AWARE = ['src/**/*.ts', 'gateway/**/*.ts', 'demo/**/*.ts'];
// Not on disk: test/security/static-scan.test.ts lints this path through lintText to prove the
// safety rules fire on hosted code. No tsconfig lists it, so it gets a project of its own with
// the hosted pages' compiler options.
const LINT_SAMPLE = 'src/hosted/card-frame/lint-sample.ts';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'custom-elements.json', '.sandbox/**', '.tmp/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-restricted-syntax': ['error', ...noUnsafeSinks],
      'no-restricted-imports': ['error', { paths: [{ name: 'lit/directives/unsafe-html.js', message: 'unsafeHTML is not allowed.' }] }],
    },
  },
  {
    files: TYPE_AWARE,
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: [LINT_SAMPLE], defaultProject: 'src/hosted/tsconfig.json' },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Acquirers and route handlers are async without awaiting on purpose: a synchronous throw
      // becomes a rejection that their callers turn into SYSTEM_ERROR.
      '@typescript-eslint/require-await': 'off',
      // Its one finding is a deliberate String() of an untrusted result code in an error message.
      '@typescript-eslint/no-base-to-string': 'off',
      // Passing on a caught error as it is (a catch binding is `unknown`) is not a wrong reason.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { lit, wc },
    settings: { wc: { elementBaseClasses: ['LitElement'] } },
    rules: {
      ...lit.configs.recommended.rules,
      ...wc.configs.recommended.rules,
      'no-console': ['error', { allow: ['warn'] }],
    },
  },
  {
    // Tests may read markup to prove card data is absent; they still never post to '*'.
    files: ['test/**/*.ts', 'scripts/**/*.mjs'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': ['error', noUnsafeSinks[0]],
    },
  },
);
