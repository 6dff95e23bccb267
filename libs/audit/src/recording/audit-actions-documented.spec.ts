import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** Source files of every lib and app, without tests and test helpers. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return name === 'testing' || name === 'node_modules' ? [] : sources(path);
    return name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name) ? [path] : [];
  });
}

/** The ways the code names an audit action: `action: 'x.y'`, and the helpers that take it as a string. */
const PATTERNS = [
  /\baction:\s*'([a-z_]+\.[a-z_]+)'/g,
  /\baudited\([^,()]+,\s*[^,()]+,\s*'([a-z_]+\.[a-z_]+)'/g,
  /\bsystemCaseEvent\([^,()]+,\s*'([a-z_]+\.[a-z_]+)'/g,
];

function actionsWritten(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sources(join(ROOT, 'libs')), ...sources(join(ROOT, 'apps'))]) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of PATTERNS) {
      for (const match of text.matchAll(pattern)) found.set(match[1], relative(ROOT, file));
    }
  }
  return found;
}

describe('audit actions', () => {
  it('lists every action the code writes in the actions table of docs/audit.md', () => {
    const written = actionsWritten();
    expect(written.size).toBeGreaterThan(20);
    const doc = readFileSync(join(ROOT, 'docs', 'audit.md'), 'utf8');
    const undocumented = [...written].filter(([action]) => !doc.includes(`| \`${action}\` |`));
    expect(undocumented).toEqual([]);
  });

  it('finds the actions written by a helper, not only literal `action:` fields', () => {
    const written = actionsWritten();
    expect(written.get('consultation.integrity_failure')).toBeDefined();
    expect(written.get('consultation.sla_rescheduled')).toBeDefined();
    expect(written.get('audit.export')).toBeDefined();
  });
});
