/**
 * Lets `node -r ./test/support/ts-register.js apps/worker/src/main.ts` run the TypeScript sources
 * directly (tests start the worker as a real process without a build): compiles .ts with @swc/core
 * (the project's .swcrc: decorators and their metadata) and resolves the `@app/*` path aliases.
 */
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..');
const alias = /^@app\/(platform|audit|identity|mail|consultations|staffing|notifications|triage|oversight|testing)(\/.*)?$/;
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = alias.exec(request);
  const target = match ? path.join(root, 'libs', match[1], 'src', match[2] ?? '') : request;
  return resolveFilename.call(this, target, ...rest);
};

require.extensions['.ts'] = function compile(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    ...swcrc,
    $schema: undefined,
    swcrc: false,
    filename,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
