import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configVariables, validateEnvironment } from '@app/platform';
import { API_CONFIG } from './api.config';

const lines = readFileSync(join(__dirname, '../../../.env.example'), 'utf8').split('\n');

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
    // Read by docker-compose.yml only.
    const compose = [
      'POSTGRES_PASSWORD',
      'POSTGRES_APP_PASSWORD',
      'API_HOST_PORT',
      'POSTGRES_HOST_PORT',
      'REDIS_HOST_PORT',
      'MAILPIT_HOST_PORT',
    ];
    const known = [...configVariables(API_CONFIG), ...compose];
    expect(new Set(documented)).toEqual(new Set(known));
  });

  it('as copied to .env, is a valid development configuration', () => {
    const values = Object.fromEntries(
      lines
        .filter((l) => /^[A-Z]/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(() => validateEnvironment(values, API_CONFIG)).not.toThrow();
  });
});

/** Issue 11, newcomer: compose is for development and publishes every port on 127.0.0.1 only. */
describe('docker-compose.yml', () => {
  const compose = readFileSync(join(__dirname, '../../../docker-compose.yml'), 'utf8');

  it('publishes every port on 127.0.0.1, on configurable host ports away from 5432 and 6379', () => {
    const ports = [...compose.matchAll(/^\s+- "([^"]*:\d+(?:\/\w+)?)"$/gm)].map((m) => m[1]);
    expect(ports).toEqual(
      expect.arrayContaining([
        '127.0.0.1:${POSTGRES_HOST_PORT:-15432}:5432',
        '127.0.0.1:${REDIS_HOST_PORT:-16379}:6379',
        '127.0.0.1:${API_HOST_PORT:-3000}:3000',
      ]),
    );
    expect(ports.filter((p) => !p.startsWith('127.0.0.1:'))).toEqual([]);
    expect(compose).not.toMatch(/^\s+- "?\d+:\d+"?$/m);
  });

  it('says it is for development, and gives every long-running service a healthcheck', () => {
    expect(compose.split('\n')[0]).toMatch(/^# FOR DEVELOPMENT ONLY/);
    const services = compose.slice(compose.indexOf('\nservices:'), compose.indexOf('\nvolumes:'));
    const blocks = services.split(/\n {2}(?=[a-z][\w-]*:\n)/).slice(1);
    for (const block of blocks) {
      const oneShot = /restart: "no"/.test(block);
      const name = block.split(':')[0];
      if (!oneShot) expect({ [name]: /healthcheck:/.test(block) }).toEqual({ [name]: true });
    }
  });
});
