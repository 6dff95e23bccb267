import { defineConfig } from '@playwright/test';

/**
 * The browser suite (docs/web.md): Debian's Chromium (never a downloaded browser) against the built
 * API and worker, which the global setup starts on a fresh database. `npm run test:web`.
 */
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.pw.ts',
  globalSetup: './e2e/support/global-setup.ts',
  outputDir: '../../test-results/web',
  fullyParallel: true,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  forbidOnly: true,
  use: {
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    locale: 'sv-SE',
    trace: 'off',
    screenshot: 'off',
  },
});
