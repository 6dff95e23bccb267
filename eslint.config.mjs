import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// The allowed arrows between libs (docs/architecture.md): platform knows no feature, audit knows no
// feature, identity knows no case and no mail, mail knows no case, consultations knows nothing of
// staffing, notifications or triage, staffing knows no notification, notifications knows no triage,
// triage and oversight know nothing of each other, and no lib imports an app.
// Tests may use @app/testing; production code may not.
const featureLibs = ['audit', 'identity', 'mail', 'consultations', 'staffing', 'notifications', 'triage', 'oversight'];
const forbidLibs = (libs) =>
  libs.flatMap((lib) => [
    {
      group: [`@app/${lib}`, `@app/${lib}/*`],
      message: `This lib may not depend on ${lib} (docs/architecture.md).`,
    },
    {
      group: [`**/libs/${lib}/**`, `../../${lib}/**`],
      message: `This lib may not depend on ${lib} (docs/architecture.md).`,
    },
  ]);
const noApps = { group: ['**/apps/**'], message: 'Libs never import an app (docs/architecture.md).' };
const noTesting = {
  group: ['@app/testing', '@app/testing/*', '**/libs/testing/**'],
  message: 'Only tests use @app/testing.',
};
const arrows = (lib, forbidden) => ({
  files: [`libs/${lib}/src/**/*.ts`],
  ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/src/testing/**'],
  rules: { 'no-restricted-imports': ['error', { patterns: [noApps, noTesting, ...forbidLibs(forbidden)] }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**', 'test-results/**', 'apps/web/src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through AppConfig (docs/style.md habit 8).',
        },
      ],
    },
  },
  {
    // Entry points validate the environment once before Nest exists; everything else reads AppConfig.
    files: [
      'apps/*/src/main.ts',
      'apps/api/src/api-app.factory.ts',
      'libs/platform/src/config/**',
      'libs/testing/src/**',
      'test/**',
      'scripts/**',
      'bench/**',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      'jest.config.js',
      'apps/cli/src/**',
      'apps/api/src/openapi/write-openapi.ts',
      'apps/web/e2e/**',
      'apps/web/playwright.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  arrows('platform', featureLibs),
  arrows('audit', ['identity', 'mail', 'consultations', 'staffing', 'notifications', 'triage', 'oversight']),
  arrows('identity', ['mail', 'consultations', 'staffing', 'notifications', 'triage', 'oversight']),
  arrows('mail', ['consultations', 'staffing', 'notifications', 'triage', 'oversight']),
  arrows('consultations', ['staffing', 'notifications', 'triage', 'oversight']),
  arrows('staffing', ['mail', 'notifications', 'triage', 'oversight']),
  arrows('notifications', ['triage', 'oversight']),
  arrows('triage', ['oversight']),
  arrows('oversight', ['staffing', 'notifications', 'triage']),
  {
    // No global module of ours: each module imports what its providers inject (docs/architecture.md
    // "Wiring"); the apps' wiring specs check the resolved graphs too.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Decorator > CallExpression[callee.name='Global']",
          message: 'No @Global() module: import the module where its providers are injected (docs/architecture.md).',
        },
      ],
    },
  },
  {
    // One test timeout per tier (jest.config.js, libs/testing/src/tiers/), none per file.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='jest'][callee.property.name='setTimeout']",
          message: 'Each test tier has one timeout (libs/testing/src/tiers/); no file sets its own.',
        },
      ],
    },
  },
  {
    // The test helpers are a lib too: they may use every lib, never an app (test/support/e2e-context.ts
    // is the one helper that boots the apps).
    files: ['libs/testing/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noApps] }] },
  },
);
