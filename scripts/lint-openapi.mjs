#!/usr/bin/env node
// Lints an OpenAPI document with Redocly's maintained linter (@redocly/openapi-core), the
// recommended ruleset plus the choices in redocly.yaml at the repository root.
// Usage: node scripts/lint-openapi.mjs <openapi.json>
// Prints one line per problem and a JSON summary line last; exits 1 when any problem is an error.
import { formatProblems, getTotals, lint, loadConfig } from '@redocly/openapi-core';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/lint-openapi.mjs <openapi.json>');
  process.exit(2);
}
const root = resolve(fileURLToPath(import.meta.url), '../..');
const config = await loadConfig({ configPath: resolve(root, 'redocly.yaml') });
const problems = await lint({ ref: resolve(file), config });
const totals = getTotals(problems);
formatProblems(problems, { format: 'stylish', totals, version: 'openapi-core', maxProblems: 200 });
console.log(JSON.stringify({ errors: totals.errors, warnings: totals.warnings, ignored: totals.ignored }));
process.exit(totals.errors > 0 ? 1 : 0);
