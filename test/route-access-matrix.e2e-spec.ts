/**
 * Route access matrix (issue 3 item 7): every route against every role and anonymous.
 *
 * ADDING A ROUTE: add one row to ROUTE_ACCESS below, in your feature's section. A route the API
 * registers without a row fails "has a row for every registered route". A row:
 *   method, path   exactly as registered, with `:placeholders` (e.g. '/api/v1/users/:id')
 *   allow          'public', or the roles that get past the guard; every other role must get 403,
 *                  anonymous 401
 *   params?        values for the placeholders; default: a fresh random UUID each (a record that
 *                  does not exist)
 *   body?          the JSON body, per caller (may be async and use fixtures)
 *   passes?        the statuses that mean "got past the guard" for an allowed caller; default
 *                  200/201/204. A record route whose record is absent may list 404 (or 400/409)
 *   ownLogin?      call with a login of its own (a route that ends the caller's login, e.g. logout)
 *
 * The matrix asks only "refused by the guard (401/403) or let through"; feature suites test what
 * happens after. Every 403 (and every 401 of a known user) must also have written exactly one
 * access.denied audit event; an anonymous 401 writes none of its own but is counted into the
 * aggregated access.unauthenticated event of its IP and minute (api.md "Audit trail"), checked last.
 */
import { RefusalTally, Role, ROLES } from '@app/identity';
import { randomUUID } from 'node:crypto';
import { Actor, Actors, createAccount, createActors, loginAs } from '@app/testing/e2e/actors';
import { consultationBody } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { openSecondStep, totpCode } from '@app/testing/e2e/mfa-support';
import { registeredRoutes } from '@app/testing/e2e/registered-routes';

interface Fixtures {
  ctx: E2eContext;
  actors: Actors;
}

type Caller = Role | 'anonymous';

interface AccessRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  allow: 'public' | readonly Role[];
  params?: (f: Fixtures, caller: Caller) => Record<string, string> | Promise<Record<string, string>>;
  body?: (f: Fixtures, caller: Caller) => unknown;
  passes?: readonly number[];
  ownLogin?: boolean;
}

const ALL_ROLES = ROLES;
const ADMIN = [Role.Admin] as const;
const STAFF = [Role.Investigator, Role.Supervisor] as const;
const CASE_ROLES = [Role.Requester, Role.Investigator, Role.Supervisor] as const;
const UNVERIFIABLE_REGISTRATION = {
  id: 'AAAA',
  rawId: 'AAAA',
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: 'e30', attestationObject: 'oA' },
};
const UNVERIFIABLE_ASSERTION = { ...UNVERIFIABLE_REGISTRATION, response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' } };
let unique = 0;
const next = () => `${Date.now()}-${unique++}`;

export const ROUTE_ACCESS: AccessRow[] = [
  // --- health (outside /api/v1) ---
  { method: 'GET', path: '/health/live', allow: 'public' },
  { method: 'GET', path: '/health/ready', allow: 'public' },

  // --- auth ---
  {
    method: 'POST',
    path: '/api/v1/auth/login',
    allow: 'public',
    body: ({ actors }) => ({ email: actors.investigator2.email, password: actors.investigator2.password }),
  },
  {
    method: 'POST',
    path: '/api/v1/auth/refresh',
    allow: 'public',
    body: async ({ ctx, actors }) => ({
      refreshToken: (await loginAs(ctx, actors.investigator2.email, actors.investigator2.password))
        .refreshToken,
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/auth/logout',
    allow: ALL_ROLES,
    body: () => ({ refreshToken: 'z'.repeat(43) }),
    ownLogin: true,
  },
  { method: 'GET', path: '/api/v1/auth/me', allow: ALL_ROLES },
  { method: 'GET', path: '/api/v1/auth/sessions', allow: ALL_ROLES },
  // A login that does not exist (the default random id): past the guard, then 404.
  { method: 'DELETE', path: '/api/v1/auth/sessions/:id', allow: ALL_ROLES, passes: [404] },
  // A wrong current password: past the guard, then 400 (the change itself is tested in test/sessions).
  {
    method: 'POST',
    path: '/api/v1/auth/password',
    allow: ALL_ROLES,
    body: () => ({ currentPassword: 'not-the-password', newPassword: 'a brand new passphrase' }),
    passes: [400],
  },
  // Account links: a token nobody was sent is 410 (past the guard); any address is 202.
  {
    method: 'POST',
    path: '/api/v1/auth/invitations/accept',
    allow: 'public',
    body: () => ({ token: 'z'.repeat(43), password: 'matrix-password-1' }),
    passes: [410],
  },
  {
    method: 'POST',
    path: '/api/v1/auth/password-reset',
    allow: 'public',
    body: () => ({ email: `nobody-${next()}@test.example` }),
    passes: [202],
  },
  {
    method: 'POST',
    path: '/api/v1/auth/password-reset/complete',
    allow: 'public',
    body: () => ({ token: 'z'.repeat(43), newPassword: 'matrix-password-1' }),
    passes: [410],
  },
  // Single sign-on is off in this suite: both answer 404 past the guard (test/oidc.e2e-spec.ts has it on).
  { method: 'GET', path: '/api/v1/auth/oidc/login', allow: 'public', passes: [404] },
  { method: 'GET', path: '/api/v1/auth/oidc/callback', allow: 'public', passes: [404] },

  // --- second factor (the mfaToken is the credential; enrolment also takes a bearer token) ---
  { method: 'GET', path: '/api/v1/auth/mfa', allow: ALL_ROLES },
  {
    method: 'POST',
    path: '/api/v1/auth/mfa/totp/verify',
    allow: 'public',
    body: async ({ ctx }) => {
      const step = await openSecondStep(ctx, 'verify');
      return { mfaToken: step.mfaToken, code: totpCode(step.secret) };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/auth/mfa/recovery',
    allow: 'public',
    body: async ({ ctx }) => {
      const step = await openSecondStep(ctx, 'verify');
      return { mfaToken: step.mfaToken, recoveryCode: step.recoveryCode };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/auth/mfa/totp/enroll',
    allow: 'public',
    body: async ({ ctx }) => ({ mfaToken: (await openSecondStep(ctx, 'enroll')).mfaToken }),
  },
  {
    method: 'POST',
    path: '/api/v1/auth/mfa/totp/confirm',
    allow: 'public',
    body: async ({ ctx }) => {
      const step = await openSecondStep(ctx, 'enroll');
      return { mfaToken: step.mfaToken, code: totpCode(step.secret) };
    },
  },
  // --- passkeys (test/mfa-webauthn.e2e-spec.ts). The ceremonies are public like the rest of the second step
  // (an mfaToken, or a bearer token for registration); a shape-valid answer that does not verify is
  // 401 at login, and the account of openSecondStep has no passkey to be asked for (422). ---
  {
    method: 'POST',
    path: '/api/v1/auth/webauthn/registration/options',
    allow: 'public',
    body: async ({ ctx }) => ({ mfaToken: (await openSecondStep(ctx, 'enroll')).mfaToken }),
  },
  {
    method: 'POST',
    path: '/api/v1/auth/webauthn/registration/verify',
    allow: 'public',
    body: async ({ ctx }) => ({ mfaToken: (await openSecondStep(ctx, 'enroll')).mfaToken, response: UNVERIFIABLE_REGISTRATION }),
    passes: [401],
  },
  {
    method: 'POST',
    path: '/api/v1/auth/webauthn/authentication/options',
    allow: 'public',
    body: async ({ ctx }) => ({ mfaToken: (await openSecondStep(ctx, 'verify')).mfaToken }),
    passes: [422],
  },
  {
    method: 'POST',
    path: '/api/v1/auth/webauthn/authentication/verify',
    allow: 'public',
    body: async ({ ctx }) => ({ mfaToken: (await openSecondStep(ctx, 'verify')).mfaToken, response: UNVERIFIABLE_ASSERTION }),
    passes: [401],
  },
  { method: 'GET', path: '/api/v1/auth/webauthn/credentials', allow: ALL_ROLES },
  { method: 'DELETE', path: '/api/v1/auth/webauthn/credentials/:id', allow: ALL_ROLES, passes: [404] },

  // --- the web app's settings ---
  { method: 'GET', path: '/api/v1/web-config', allow: 'public' },

  // --- organizations and users (admin) ---
  {
    method: 'POST',
    path: '/api/v1/organizations',
    allow: ADMIN,
    body: () => ({ name: `Matrix org ${next()}`, kind: 'ngo' }),
  },
  { method: 'GET', path: '/api/v1/organizations', allow: ADMIN },
  {
    method: 'POST',
    path: '/api/v1/users',
    allow: ADMIN,
    body: () => ({
      email: `matrix-${next()}@test.example`,
      displayName: 'Matrix',
      role: 'investigator',
    }),
    // An investigator waits for a supervisor's approval (docs/accounts.md "Role grants").
    passes: [202],
  },
  { method: 'GET', path: '/api/v1/users', allow: ADMIN },
  // A record that does not exist: 404 means past the guard.
  { method: 'POST', path: '/api/v1/users/:id/invitation', allow: ADMIN, passes: [404] },
  {
    method: 'PATCH',
    path: '/api/v1/users/:id',
    allow: ADMIN,
    params: ({ actors }) => ({ id: actors.requester2.id }),
    body: () => ({ displayName: `Renamed ${next()}` }),
  },
  {
    method: 'POST',
    path: '/api/v1/users/:id/mfa/reset',
    allow: ADMIN,
    params: async ({ ctx }) => ({ id: (await createAccount(ctx, Role.Investigator)).id }),
  },

  // --- staff-role grants (supervisor; an absent grant is 404 past the guard) ---
  { method: 'GET', path: '/api/v1/role-grants', allow: [Role.Supervisor] },
  { method: 'POST', path: '/api/v1/role-grants/:id/approve', allow: [Role.Supervisor], passes: [404] },
  {
    method: 'POST',
    path: '/api/v1/role-grants/:id/reject',
    allow: [Role.Supervisor],
    body: () => ({ reason: 'Not on the team.' }),
    passes: [404],
  },

  // --- consultations (record routes use an id that does not exist: 404 means "got past the guard") ---
  { method: 'POST', path: '/api/v1/consultations', allow: [Role.Requester], body: () => consultationBody() },
  { method: 'GET', path: '/api/v1/consultations', allow: CASE_ROLES },
  { method: 'GET', path: '/api/v1/consultations/:id', allow: CASE_ROLES, passes: [404] },
  { method: 'POST', path: '/api/v1/consultations/:id/claim', allow: STAFF, passes: [404] },
  {
    method: 'POST',
    path: '/api/v1/consultations/:id/assign',
    allow: [Role.Supervisor],
    body: ({ actors }) => ({ investigatorId: actors.investigator.id }),
    passes: [404],
  },
  {
    method: 'POST',
    path: '/api/v1/consultations/:id/triage',
    allow: STAFF,
    body: () => ({ priority: 'high', reason: 'Matrix reason' }),
    passes: [404],
  },
  {
    method: 'POST',
    path: '/api/v1/consultations/:id/transitions',
    allow: CASE_ROLES,
    body: () => ({ to: 'withdrawn' }),
    passes: [404],
  },
  {
    method: 'POST',
    path: '/api/v1/consultations/:id/messages',
    allow: CASE_ROLES,
    body: () => ({ body: 'Matrix message' }),
    passes: [404],
  },
  { method: 'GET', path: '/api/v1/consultations/:id/messages', allow: CASE_ROLES, passes: [404] },
  { method: 'GET', path: '/api/v1/triage-queue', allow: STAFF },

  // --- audit trail (supervisor). Export and report need query parameters: their 400 means "got past the guard". ---
  { method: 'GET', path: '/api/v1/audit-events', allow: [Role.Supervisor] },
  { method: 'GET', path: '/api/v1/audit-events/export', allow: [Role.Supervisor], passes: [400] },
  { method: 'GET', path: '/api/v1/audit-events/verify', allow: [Role.Supervisor] },
  { method: 'GET', path: '/api/v1/audit-checkpoints', allow: [Role.Supervisor] },
  { method: 'GET', path: '/api/v1/audit-reports/access', allow: [Role.Supervisor], passes: [400] },
  { method: 'GET', path: '/api/v1/consultations/:id/access-log', allow: [Role.Supervisor] },

  // --- triage: duty (investigator), notifications (everyone: their own), queue statistics (supervisor) ---
  {
    method: 'PUT',
    path: '/api/v1/me/availability',
    allow: [Role.Investigator],
    body: () => ({ onDuty: false }),
  },
  { method: 'GET', path: '/api/v1/me/availability', allow: [Role.Investigator] },
  { method: 'GET', path: '/api/v1/investigators', allow: [Role.Supervisor] },
  { method: 'GET', path: '/api/v1/notifications', allow: ALL_ROLES },
  { method: 'POST', path: '/api/v1/notifications/:id/read', allow: ALL_ROLES, passes: [404] },
  { method: 'GET', path: '/api/v1/stats/queue', allow: [Role.Supervisor] },

  // --- retention: legal hold and the upcoming-purge list (supervisor) ---
  { method: 'POST', path: '/api/v1/consultations/:id/legal-hold', allow: [Role.Supervisor], body: () => ({ reason: 'Matrix hold reason' }), passes: [404] },
  { method: 'DELETE', path: '/api/v1/consultations/:id/legal-hold', allow: [Role.Supervisor], passes: [404] },
  { method: 'GET', path: '/api/v1/retention/upcoming', allow: [Role.Supervisor] },

  // --- email preferences (everyone: their own) ---
  { method: 'GET', path: '/api/v1/me/notification-preferences', allow: ALL_ROLES },
  {
    method: 'PUT',
    path: '/api/v1/me/notification-preferences',
    allow: ALL_ROLES,
    body: () => ({ email: { newCritical: true, assigned: true, slaBreach: true, message: true } }),
  },

  // --- consultations, triage, notifications, stats, audit: add rows here ---
];

const CALLERS: Caller[] = ['anonymous', ...ALL_ROLES];
const DEFAULT_PASSES = [200, 201, 204];

function expectedFor(row: AccessRow, caller: Caller): 'pass' | 401 | 403 {
  if (row.allow === 'public') return 'pass';
  if (caller === 'anonymous') return 401;
  return row.allow.includes(caller) ? 'pass' : 403;
}

describe('Route access matrix', () => {
  let ctx: E2eContext;
  let fixtures: Fixtures;
  let callers: Record<Role, Actor>;

  beforeAll(async () => {
    ctx = await createE2eContext('routematrix', { env: { THROTTLE_IP_LIMIT: '10000' } });
    const actors = await createActors(ctx);
    fixtures = { ctx, actors };
    // Each role's caller is a dedicated account, so rows that change accounts cannot disturb them.
    callers = Object.fromEntries(
      await Promise.all(
        ALL_ROLES.map(async (role) => {
          const account = await createAccount(ctx, role, {
            organizationId: role === Role.Requester ? actors.org.id : null,
          });
          const login = await loginAs(ctx, account.email, account.password);
          const actor: Actor = {
            ...account,
            token: login.accessToken,
            refreshToken: login.refreshToken,
            auth: (r) => r.set('Authorization', `Bearer ${login.accessToken}`),
          };
          return [role, actor];
        }),
      ),
    ) as Record<Role, Actor>;
  });
  afterAll(() => ctx.close());

  async function call(row: AccessRow, caller: Caller) {
    const params = row.params ? await row.params(fixtures, caller) : {};
    const url = row.path.replace(/:([A-Za-z]+)/g, (_, name: string) => params[name] ?? randomUUID());
    let request = ctx.http[row.method.toLowerCase() as 'get'](url);
    if (caller !== 'anonymous' && row.ownLogin) {
      const own = await loginAs(ctx, callers[caller].email, callers[caller].password);
      request = request.set('Authorization', `Bearer ${own.accessToken}`);
    } else if (caller !== 'anonymous') request = callers[caller].auth(request);
    const body = row.body ? await row.body(fixtures, caller) : undefined;
    return body === undefined ? request : request.send(body as object);
  }

  let anonymousRefusals = 0;

  const deniedEvents = async (requestId: string) =>
    (
      await ctx.db.query(
        `SELECT actor_id, actor_role FROM audit_events WHERE action = 'access.denied' AND request_id = $1`,
        [requestId],
      )
    ).rows as { actor_id: string | null; actor_role: string }[];

  describe.each(ROUTE_ACCESS.map((row) => [`${row.method} ${row.path}`, row] as const))('%s', (_, row) => {
    it.each(CALLERS.map((caller) => [caller, expectedFor(row, caller)] as const))(
      '%s → %s',
      async (caller, expected) => {
        const res = await call(row, caller);
        if (expected === 'pass') {
          const passes = row.passes ?? DEFAULT_PASSES;
          if (!passes.includes(res.status)) {
            throw new Error(
              `${caller} got ${res.status}, expected one of ${passes.join('/')}: ${JSON.stringify(res.body)}`,
            );
          }
        } else {
          expect(res.status).toBe(expected);
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          // Every refused authenticated attempt leaves exactly one access.denied event, naming the
          // caller; an anonymous one none (it is aggregated, see the last test).
          const events = await deniedEvents(res.headers['x-request-id']);
          if (caller === 'anonymous') anonymousRefusals++;
          expect(events).toEqual(
            caller === 'anonymous' ? [] : [{ actor_id: callers[caller].id, actor_role: caller }],
          );
        }
      },
    );
  });

  it('aggregates the anonymous refusals: one access.unauthenticated event per IP and minute, with the count', async () => {
    expect(anonymousRefusals).toBeGreaterThan(20);
    await ctx.app.get(RefusalTally).flush(Date.now() + 61_000);
    const { rows } = await ctx.db.query(
      `SELECT ip, actor_id, actor_role, outcome, resource_type, details FROM audit_events WHERE action = 'access.unauthenticated' ORDER BY seq`,
    );
    // Per IP and minute at most one event: the suite may have spanned a minute boundary.
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(new Set(rows.map((r) => `${r.ip}|${r.details.windowStart}`)).size).toBe(rows.length);
    expect(rows.reduce((sum, r) => sum + r.details.count, 0)).toBe(anonymousRefusals);
    for (const row of rows) {
      expect(row).toMatchObject({ actor_id: null, actor_role: 'anonymous', outcome: 'denied', resource_type: 'route' });
      expect(row.details).toMatchObject({ aggregated: true, windowSeconds: 60, reasons: { missing_token: row.details.count } });
    }
  });

  it('has a row for every registered route, and no row for a route that does not exist', () => {
    const registered = registeredRoutes(ctx.app).map((r) => `${r.method} ${r.path}`);
    const rows = ROUTE_ACCESS.map((r) => `${r.method} ${r.path}`);
    expect({
      missingRows: registered.filter((r) => !rows.includes(r)),
      unknownRows: rows.filter((r) => !registered.includes(r)),
    }).toEqual({
      missingRows: [],
      unknownRows: [],
    });
  });
});
