// Lint: typescript-eslint (type-aware for src/), Lit and web-component rules for the element,
// and the project's own safety rules for shipped code (no wildcard postMessage, no HTML sinks).
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

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'custom-elements.json', '.sandbox/**', '.tmp/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: false } },
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
