#!/usr/bin/env node
// `npm run test:web`: the browser suite (apps/web/e2e, Playwright + axe on Debian's Chromium) against
// the built API, worker and web app. Builds first when a build is missing or older than the sources.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const built = [
  'dist/apps/api/apps/api/src/main.js',
  'dist/apps/worker/apps/worker/src/main.js',
  'dist/apps/cli/apps/cli/src/main.js',
  'dist/web/index.html',
].map((f) => path.join(root, f));

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'e2e') continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

const oldestBuild = Math.min(...built.map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
const newestSource = Math.max(...['apps', 'libs'].map((d) => newest(path.join(root, d))));
if (oldestBuild < newestSource) {
  console.log('== test:web: building (the build is missing or older than the sources)');
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  console.error(
    `test:web needs Chromium at ${chromium} (Debian: apt-get install chromium; .ci/run installs it)`,
  );
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    require.resolve('@playwright/test/cli'),
    'test',
    '--config',
    'apps/web/playwright.config.ts',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } },
);
process.exit(result.status ?? 1);
