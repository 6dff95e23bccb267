import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateEnvironment } from './environment';

const lines = readFileSync(join(__dirname, '../../../../.env.example'), 'utf8').split('\n');

/**
 * Issue 11, newcomer: `cp .env.example .env` must work with docker compose, which reads an inline
 * `# comment` after a value as part of the value; and the file documents every variable.
 */
describe('.env.example', () => {
  it('has comments on their own lines only: every line is blank, a comment or KEY=value', () => {
    const bad = lines.filter(
      (line) => line.trim() !== '' && !line.startsWith('#') && !/^[A-Z][A-Z0-9_]*=[^#]*$/.test(line),
    );
    expect(bad).toEqual([]);
    expect(lines.filter((line) => /^[A-Z][A-Z0-9_]*=.*\s#/.test(line))).toEqual([]);
  });

  it('names every configuration variable, and only those', () => {
    const documented = lines.map((l) => /^(?:# )?([A-Z][A-Z0-9_]*)=/.exec(l)?.[1]).filter(Boolean);
    // Variables with a default, plus the optional ones without (undefined unless set).
    const optional = [
      'TRUST_PROXY',
      'DATABASE_MIGRATION_URL',
      'BOOTSTRAP_ADMIN_EMAIL',
      'BOOTSTRAP_ADMIN_PASSWORD',
    ];
    const known = [...Object.keys(validateEnvironment({ NODE_ENV: 'development' })), ...optional];
    expect(new Set(documented)).toEqual(new Set(known));
  });

  it('as copied to .env, is a valid development configuration', () => {
    const values = Object.fromEntries(
      lines
        .filter((l) => /^[A-Z]/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(() => validateEnvironment(values)).not.toThrow();
  });
});
