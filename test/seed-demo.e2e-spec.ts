import { validateEnvironment } from '@app/platform';
import { CLI_CONFIG, CliEnvironment } from '../apps/cli/src/cli.config';
import { seedDemo } from '../apps/cli/src/seed-demo.command';
import { loginAs } from '@app/testing/e2e/actors';
import { createE2eContext, E2eContext } from './support/e2e-context';

describe('npm run seed:demo', () => {
  let ctx: E2eContext;
  let output: string[];

  beforeAll(async () => {
    ctx = await createE2eContext('seeddemo');
  });
  afterAll(() => ctx.close());

  async function run(overrides: Record<string, string> = {}): Promise<number> {
    output = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void output.push(line));
    const error = jest.spyOn(console, 'error').mockImplementation((line: string) => void output.push(line));
    try {
      return await seedDemo({ ...validateEnvironment(process.env, CLI_CONFIG), ...overrides } as CliEnvironment);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  const counts = async () =>
    (
      await ctx.db.query(
        `SELECT (SELECT count(*)::int FROM organizations) AS organizations, (SELECT count(*)::int FROM users) AS users,
                (SELECT count(DISTINCT role)::int FROM users) AS roles`,
      )
    ).rows[0];

  it('refuses under NODE_ENV=production and creates nothing', async () => {
    expect(await run({ NODE_ENV: 'production' })).toBe(1);
    expect(output.join('\n')).toMatch(/refuses/);
    expect(await counts()).toEqual({ organizations: 0, users: 0, roles: 0 });
  });

  it('creates one organization and one user per role, printing credentials that log in', async () => {
    expect(await run()).toBe(0);
    expect(await counts()).toEqual({ organizations: 1, users: 4, roles: 4 });
    const lines = output.filter((line) => /@demo\.consult-intake\.test/.test(line));
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      const [role, email, password] = line.trim().split(/\s+/);
      const answer = await loginAs(ctx, email, password);
      expect(answer.user.role).toBe(role);
    }
    const requester = (await ctx.db.query(`SELECT organization_id FROM users WHERE role = 'requester'`)).rows[0];
    expect(requester.organization_id).toEqual(expect.any(String));
  });

  it('is safe to run twice: nothing new, the same credentials printed', async () => {
    const first = output.filter((line) => line.includes('@demo'));
    expect(await run()).toBe(0);
    expect(await counts()).toEqual({ organizations: 1, users: 4, roles: 4 });
    const second = output.filter((line) => line.includes('@demo'));
    expect(second.map((l) => l.trim().split(/\s+/).slice(0, 3))).toEqual(first.map((l) => l.trim().split(/\s+/).slice(0, 3)));
    expect(output.join('\n')).toMatch(/already existed/);
  });
});
