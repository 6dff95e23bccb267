import { InvalidEnvironmentError, migrationUrl, validateEnvironment } from './environment';

const KEY = Buffer.alloc(32, 7).toString('base64');
const SECRETS = { JWT_SECRET: 'x'.repeat(40), ENCRYPTION_KEYS: `k1:${KEY}`, AUDIT_SIGNING_KEY: KEY };

function problemsOf(raw: Record<string, string>): string[] {
  try {
    validateEnvironment(raw);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.problems;
    throw error;
  }
  return [];
}

describe('validateEnvironment', () => {
  it('applies development defaults, secrets included, outside production', () => {
    const env = validateEnvironment({ NODE_ENV: 'development' });
    expect(env.PORT).toBe(3000);
    expect(env.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(env.ENCRYPTION_KEYS).toMatch(/^dev1:/);
  });

  it('refuses to start in production without every secret, naming each one', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'AUDIT_SIGNING_KEY',
      'ENCRYPTION_KEYS',
      'JWT_SECRET',
    ]);
  });

  it('accepts production with all secrets set', () => {
    expect(problemsOf({ NODE_ENV: 'production', ...SECRETS })).toEqual([]);
  });

  it('names every bad variable at once without echoing its value', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      ...SECRETS,
      PORT: 'eighty',
      DATABASE_URL: 'mysql://nope',
      JWT_SECRET: 'short-secret-value',
    });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'PORT']);
    expect(problems.join(' ')).not.toContain('short-secret-value');
  });

  it('rejects encryption keys that are not 32 bytes and duplicate key ids', () => {
    const short = Buffer.alloc(31, 1).toString('base64').padEnd(44, '=');
    expect(problemsOf({ ENCRYPTION_KEYS: `a:${short}` }).join()).toMatch(/ENCRYPTION_KEYS/);
    expect(problemsOf({ ENCRYPTION_KEYS: `a:${KEY},a:${KEY}` }).join()).toMatch(/unique/);
  });

  it('requires the bootstrap admin email and password together', () => {
    expect(problemsOf({ BOOTSTRAP_ADMIN_EMAIL: 'admin@example.org' }).join()).toMatch(/BOOTSTRAP_ADMIN/);
  });

  it('refuses TRUST_PROXY=true in production, naming the variable, and accepts hop counts and proxy addresses', () => {
    const problems = problemsOf({ NODE_ENV: 'production', ...SECRETS, TRUST_PROXY: 'true' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^TRUST_PROXY must be a hop count or proxy addresses\/CIDRs in production/);
    expect(problemsOf({ NODE_ENV: 'production', ...SECRETS, TRUST_PROXY: '1' })).toEqual([]);
    expect(
      problemsOf({ NODE_ENV: 'production', ...SECRETS, TRUST_PROXY: '10.0.0.0/8, 192.168.1.7' }),
    ).toEqual([]);
    expect(problemsOf({ NODE_ENV: 'production', ...SECRETS, TRUST_PROXY: 'loopback,::1' })).toEqual([]);
    expect(problemsOf({ NODE_ENV: 'development', TRUST_PROXY: 'true' })).toEqual([]);
    expect(problemsOf({ NODE_ENV: 'production', ...SECRETS, TRUST_PROXY: '10.0.0.1; rm' }).join()).toMatch(
      /^TRUST_PROXY/,
    );
  });

  it('connects the app as consult_app and migrates as the owner: DATABASE_MIGRATION_URL, else a derived URL', () => {
    const dev = validateEnvironment({ NODE_ENV: 'development' });
    expect(new URL(dev.DATABASE_URL).username).toBe('consult_app');
    expect(migrationUrl(dev)).toBe('postgres://postgres@127.0.0.1:5432/consult_intake');
    const withPassword = validateEnvironment({ DATABASE_URL: 'postgres://consult_app:pw@db:6543/x' });
    expect(migrationUrl(withPassword)).toBe('postgres://postgres@db:6543/x');
    const explicit = validateEnvironment({ DATABASE_MIGRATION_URL: 'postgres://owner:s@db/x' });
    expect(migrationUrl(explicit)).toBe('postgres://owner:s@db/x');
    const production = validateEnvironment({
      NODE_ENV: 'production',
      ...SECRETS,
      DATABASE_URL: 'postgres://a:b@db/x',
    });
    expect(migrationUrl(production)).toBe('postgres://a:b@db/x');
  });

  it('leaves email off without SMTP_URL and accepts smtp:// and smtps:// URLs', () => {
    expect(validateEnvironment({}).SMTP_URL).toBeUndefined();
    expect(problemsOf({ SMTP_URL: 'smtp://user:secret@mail.example:587' })).toEqual([]);
    expect(problemsOf({ SMTP_URL: 'smtps://mail.example' })).toEqual([]);
  });

  it('names bad mail variables without echoing the SMTP password', () => {
    const problems = problemsOf({
      SMTP_URL: 'http://user:hunter2@mail.example',
      MAIL_FROM: 'not an address',
      WEB_BASE_URL: 'https://app.example/',
    });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['MAIL_FROM', 'SMTP_URL', 'WEB_BASE_URL']);
    expect(problems.join(' ')).not.toContain('hunter2');
  });

  it('wants an https:// WEB_BASE_URL in production when email is on', () => {
    expect(problemsOf({ NODE_ENV: 'production', ...SECRETS, SMTP_URL: 'smtp://mail.example' })).toEqual([
      'WEB_BASE_URL must be set to an https:// URL in production when email is on',
    ]);
    expect(
      problemsOf({
        NODE_ENV: 'production',
        ...SECRETS,
        SMTP_URL: 'smtp://mail.example',
        WEB_BASE_URL: 'https://app.example',
      }),
    ).toEqual([]);
  });

  it('wants WEBAUTHN_RP_ID to be the passkey origin’s host or a suffix of it', () => {
    expect(problemsOf({ WEB_BASE_URL: 'https://intake.example.org', WEBAUTHN_RP_ID: 'example.org' })).toEqual([]);
    expect(problemsOf({ WEBAUTHN_ORIGIN: 'https://intake.example.org', WEBAUTHN_RP_ID: 'intake.example.org' })).toEqual([]);
    expect(problemsOf({ WEBAUTHN_ORIGIN: 'https://intake.example.org', WEBAUTHN_RP_ID: 'other.org' })).toEqual([
      'WEBAUTHN_RP_ID must be the host of WEBAUTHN_ORIGIN (or WEB_BASE_URL) or a suffix of it',
    ]);
    expect(problemsOf({ WEBAUTHN_ORIGIN: 'https://notexample.org', WEBAUTHN_RP_ID: 'example.org' })).toHaveLength(1);
    expect(problemsOf({ WEBAUTHN_RP_ID: 'https://x.org', WEBAUTHN_ORIGIN: 'x.org' }).map((p) => p.split(' ')[0]).sort()).toEqual([
      'WEBAUTHN_ORIGIN',
      'WEBAUTHN_RP_ID',
    ]);
  });

  it('serves the API description in development and test, and in production only when SWAGGER_ENABLED=true', () => {
    expect(validateEnvironment({ NODE_ENV: 'development' }).SWAGGER_ENABLED).toBe(true);
    expect(validateEnvironment({ NODE_ENV: 'test' }).SWAGGER_ENABLED).toBe(true);
    expect(validateEnvironment({ NODE_ENV: 'test', SWAGGER_ENABLED: 'false' }).SWAGGER_ENABLED).toBe(false);
    expect(validateEnvironment({ NODE_ENV: 'production', ...SECRETS }).SWAGGER_ENABLED).toBe(false);
    expect(validateEnvironment({ NODE_ENV: 'production', ...SECRETS, SWAGGER_ENABLED: '' }).SWAGGER_ENABLED).toBe(false);
    expect(validateEnvironment({ NODE_ENV: 'production', ...SECRETS, SWAGGER_ENABLED: 'true' }).SWAGGER_ENABLED).toBe(true);
  });

  it('sets HTTP timeouts by default and refuses a headers timeout longer than the request timeout', () => {
    const env = validateEnvironment({ NODE_ENV: 'development' });
    expect([env.HTTP_REQUEST_TIMEOUT_MS, env.HTTP_HEADERS_TIMEOUT_MS, env.HTTP_KEEP_ALIVE_TIMEOUT_MS]).toEqual([30_000, 10_000, 5_000]);
    expect(env.HTTP_CONNECTION_TIMEOUT_MS).toBeGreaterThan(0);
    expect(env.AUTH_BODY_LIMIT_BYTES).toBeLessThanOrEqual(16 * 1024);
    expect(problemsOf({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' })).toEqual([
      'HTTP_HEADERS_TIMEOUT_MS must not be longer than HTTP_REQUEST_TIMEOUT_MS',
    ]);
  });
});
