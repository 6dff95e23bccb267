import { InvalidEnvironmentError, validateEnvironment } from '@app/platform';
import { API_CONFIG } from './api.config';

const FEATURES = API_CONFIG;
const KEY = Buffer.alloc(32, 7).toString('base64');

function problemsOf(raw: Record<string, string>): string[] {
  try {
    validateEnvironment(raw, FEATURES);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.problems;
    throw error;
  }
  return [];
}
const SECRETS = { JWT_SECRET: 'x'.repeat(40), ENCRYPTION_KEYS: `k1:${KEY}`, AUDIT_SIGNING_KEY: KEY };

/** The API's configuration: the platform's variables and those of every feature it runs, checked together. */
describe('the API configuration', () => {
  it('applies development defaults, secrets included, outside production', () => {
    const env = validateEnvironment({ NODE_ENV: 'development' }, FEATURES);
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

  it('requires the bootstrap admin email and password together', () => {
    expect(problemsOf({ BOOTSTRAP_ADMIN_EMAIL: 'admin@example.org' }).join()).toMatch(/BOOTSTRAP_ADMIN/);
  });

  it('leaves email off without SMTP_URL and accepts smtp:// and smtps:// URLs', () => {
    expect(validateEnvironment({}, FEATURES).SMTP_URL).toBeUndefined();
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
});
