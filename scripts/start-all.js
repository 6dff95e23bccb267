#!/usr/bin/env node
/* global fetch */
// `npm start`: the built API and worker side by side for local use; stopping one stops both.
// With --banner (`npm run local`), once the API answers /health/ready, a short banner is printed
// last: where the service is, the demo accounts and their passwords, the API docs.
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const apps = {
  api: path.join(root, 'dist/apps/api/apps/api/src/main.js'),
  worker: path.join(root, 'dist/apps/worker/apps/worker/src/main.js'),
};
const children = Object.entries(apps).map(([name, entry]) => {
  const child = spawn(process.execPath, [entry], { stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => {
    console.error(`${name} exited (${signal ?? code}); stopping the others`);
    shutdown(code ?? 1);
  });
  return child;
});

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 10000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on('exit', r))))).then(
    () => process.exit(code),
  );
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

/** The banner's text (exported for its test). */
function banner(port, accounts, swagger) {
  const base = `http://localhost:${port}/`;
  const width = Math.max(...accounts.map((a) => a.email.length));
  return [
    '',
    '================ consult-intake is running (development) ================',
    `  Open        ${base}`,
    ...(swagger ? [`  API docs    ${base}api/docs`] : []),
    '  Demo accounts (development only; well-known passwords):',
    ...accounts.map((a) => `    ${a.role.padEnd(13)} ${a.email.padEnd(width)}  ${a.password}`),
    '  Stop with Ctrl+C.',
    '==========================================================================',
    '',
  ].join('\n');
}

async function printBannerWhenReady() {
  const port = Number(process.env.PORT || 3000);
  const deadline = Date.now() + 120_000;
  while (!stopping && Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) {
      // Let the apps' start-up lines go first, so the banner is the last thing on screen.
      await new Promise((r) => setTimeout(r, 1500));
      const { demoCredentials } = require(
        path.join(root, 'dist/apps/cli/libs/identity/src/bootstrap/demo-accounts.js'),
      );
      const swagger = !['false', '0'].includes(process.env.SWAGGER_ENABLED ?? '');
      console.log(banner(port, demoCredentials(), swagger));
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

if (process.argv.includes('--banner')) void printBannerWhenReady();
