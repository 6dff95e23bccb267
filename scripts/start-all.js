#!/usr/bin/env node
// `npm start`: the built API and worker side by side for local use; stopping one stops both.
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
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on('exit', r))))).then(() =>
    process.exit(code),
  );
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
