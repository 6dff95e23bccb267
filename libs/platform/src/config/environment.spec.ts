import { IsInt, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { ConfigSchema, InvalidEnvironmentError, validateEnvironment } from './config-schema';
import { migrationUrl } from './environment';

/** A feature's schema as a lib declares one (libs/<feature>/src/<feature>.config.ts). */
class WidgetEnvironment {
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  WIDGET_LIMIT = 5;
}
const widgetConfig: ConfigSchema<WidgetEnvironment> = {
  variables: WidgetEnvironment,
  problems: (env) => (env.WIDGET_LIMIT > env.PORT ? ['WIDGET_LIMIT must not exceed PORT'] : []),
};
const FEATURES = [widgetConfig] as const;
const SECRETS = { ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` };
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

describe('validateEnvironment', () => {
  it('applies development defaults, secrets included, outside production', () => {
    const env = validateEnvironment({ NODE_ENV: 'development' }, FEATURES);
    expect(env.PORT).toBe(3000);
    expect(env.WIDGET_LIMIT).toBe(5);
    expect(env.ENCRYPTION_KEYS).toMatch(/^dev1:/);
  });

  it('refuses to start in production without its secrets, naming each one', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).map((p) => p.split(' ')[0])).toEqual(['ENCRYPTION_KEYS']);
  });

  it("names every bad variable of the platform and of each feature at once, without echoing a value", () => {
    const problems = problemsOf({ NODE_ENV: 'production', PORT: 'eighty', DATABASE_URL: 'mysql://nope', WIDGET_LIMIT: '0', ENCRYPTION_KEYS: 'secret-value' });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['DATABASE_URL', 'ENCRYPTION_KEYS', 'PORT', 'WIDGET_LIMIT']);
    expect(problems.join(' ')).not.toContain('secret-value');
  });

  it("checks a feature's rules across variables, its own and the platform's", () => {
    expect(problemsOf({ PORT: '80', WIDGET_LIMIT: '81' })).toEqual(['WIDGET_LIMIT must not exceed PORT']);
    expect(validateEnvironment({ PORT: '80', WIDGET_LIMIT: '4' }, FEATURES).WIDGET_LIMIT).toBe(4);
  });

  it('refuses a variable two schemas declare', () => {
    expect(() => validateEnvironment({}, [widgetConfig, widgetConfig])).toThrow(/WIDGET_LIMIT/);
  });

  it('rejects encryption keys that are not 32 bytes and duplicate key ids', () => {
    const short = Buffer.alloc(31, 1).toString('base64').padEnd(44, '=');
    expect(problemsOf({ ENCRYPTION_KEYS: `a:${short}` }).join()).toMatch(/ENCRYPTION_KEYS/);
    expect(problemsOf({ ENCRYPTION_KEYS: `a:${KEY},a:${KEY}` }).join()).toMatch(/unique/);
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
