'use strict';
/**
 * Where the CPU went: self time by function and by package, from a .cpuprofile.
 *   node bench/lib/profile-summary.js bench/results/profiles/candidate-intake.cpuprofile [top]
 */
const fs = require('node:fs');

function summarize(file, top = 25) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMicros = new Map();
  profile.samples.forEach((id, i) =>
    selfMicros.set(id, (selfMicros.get(id) || 0) + (profile.timeDeltas[i] || 0)),
  );
  const byFunction = new Map();
  const byPackage = new Map();
  let total = 0;
  for (const [id, micros] of selfMicros) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    total += micros;
    const where = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '');
    const key = `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) || 0) + micros);
    let pkg = '(node internals / native)';
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) pkg = m[1];
    else if (url.includes('/dist/')) pkg = '(product code)';
    else if (url.includes('/bench/')) pkg = '(bench code)';
    else if (functionName === '(garbage collector)') pkg = '(garbage collector)';
    else if (functionName === '(idle)' || functionName === '(program)') pkg = functionName;
    byPackage.set(pkg, (byPackage.get(pkg) || 0) + micros);
  }
  const busy = total - (byPackage.get('(idle)') || 0);
  const lines = [
    `${file}: ${(busy / 1e6).toFixed(2)} s busy of ${(total / 1e6).toFixed(2)} s sampled`,
    '',
    'by package (self time, % of busy):',
  ];
  for (const [k, v] of [...byPackage]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)) {
    lines.push(`  ${((100 * v) / busy).toFixed(1).padStart(5)}%  ${k}`);
  }
  lines.push('', `top ${top} functions (self time, % of busy):`);
  for (const [k, v] of [...byFunction]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)) {
    lines.push(`  ${((100 * v) / busy).toFixed(1).padStart(5)}%  ${k}`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  process.stdout.write(`${summarize(process.argv[2], Number(process.argv[3] || 25))}\n`);
}
module.exports = { summarize };
