import { RefusalTally, Role } from '@app/identity';
import { Account, createAccount, createOrganization } from '@app/testing/e2e/actors';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { freePort } from '@app/testing/free-port';
import { totpCode } from '@app/testing/e2e/mfa-support';
import { TestOpenIdProvider, TestPerson } from '@app/testing/e2e/oidc-provider';

/**
 * Single sign-on with OpenID Connect (api.md v1.1 "Single sign-on", docs/accounts.md) against a real
 * OpenID Provider (oidc-provider, libs/testing/src/e2e/oidc-test-provider.mjs) that the suite starts.
 */
const CLIENT_ID = 'consult-intake-test';
const CLIENT_SECRET = 'test-client-secret-0123456789';
const REDIRECT_URL = 'http://127.0.0.1:9/api/v1/auth/oidc/callback';
const STATE_COOKIE = 'consult_intake_oidc';
const REFRESH_COOKIE = 'consult_intake_refresh';
const CLIENT = { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT_URL] };

type Headers = Record<string, unknown>;
const cookieLine = (headers: Headers, name: string): string | undefined =>
  ([] as string[]).concat((headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith(`${name}=`));
const cookieValue = (headers: Headers, name: string): string => {
  const line = cookieLine(headers, name);
  if (!line) throw new Error(`no ${name} cookie set`);
  return line.split(';')[0].slice(name.length + 1);
};
const pathOf = (url: URL) => url.pathname + url.search;

/** Emails of the suite's accounts; each test person's email names the account it should find. */
const email = (name: string) => `${name}@sso.test.example`;

describe('Single sign-on (OpenID Connect)', () => {
  let ctx: E2eContext;
  let provider: TestOpenIdProvider;
  let elsewhere: TestOpenIdProvider;
  const accounts: Record<string, Account> = {};

  const persons: Record<string, TestPerson> = {
    'person-requester': { email: email('requester'), email_verified: true },
    'person-unknown': { email: email('nobody'), email_verified: true },
    'person-unverified': { email: email('unverified'), email_verified: false },
    'person-deactivated': { email: email('deactivated'), email_verified: true },
    'person-invited': { email: email('invited'), email_verified: true },
    'person-audience': { email: email('requester'), email_verified: true, tamper: 'audience' },
    'person-expired': { email: email('requester'), email_verified: true, tamper: 'expired' },
    'person-issuer': { email: email('requester'), email_verified: true, tamper: 'issuer' },
    'person-signature': { email: email('requester'), email_verified: true, tamper: 'signature' },
  };

  beforeAll(async () => {
    [provider, elsewhere] = await Promise.all([
      TestOpenIdProvider.start([CLIENT], persons),
      TestOpenIdProvider.start([CLIENT], persons),
    ]);
    ctx = await createE2eContext('oidc', {
      env: {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_REDIRECT_URL: REDIRECT_URL,
        OIDC_DISPLAY_NAME: 'Testkommunen',
      },
    });
    const org = await createOrganization(ctx);
    for (const name of ['requester', 'unverified', 'deactivated', 'invited']) {
      accounts[name] = await createAccount(ctx, Role.Requester, { email: email(name), organizationId: org.id });
    }
    await ctx.db.query(`UPDATE users SET active = false WHERE id = $1`, [accounts.deactivated.id]);
    // Invited: no password yet (docs/accounts.md "Invitations and password resets").
    await ctx.db.query(`UPDATE users SET password_hash = NULL WHERE id = $1`, [accounts.invited.id]);
  });
  afterAll(async () => {
    await ctx?.close();
    await Promise.all([provider?.stop(), elsewhere?.stop()]);
  });

  /** GET /auth/oidc/login: where it sends the browser, and the state cookie it sets. */
  async function startSignIn(): Promise<{ authorizationUrl: URL; state: string }> {
    const res = await ctx.http.get('/api/v1/auth/oidc/login');
    expect(res.status).toBe(302);
    return { authorizationUrl: new URL(res.headers.location), state: cookieValue(res.headers, STATE_COOKIE) };
  }

  function callback(url: URL, state: string | undefined) {
    const request = ctx.http.get(pathOf(url));
    return state === undefined ? request : request.set('Cookie', `${STATE_COOKIE}=${state}`);
  }

  /** The whole code flow for one person; the callback's answer. */
  async function signInAs(person: string) {
    const { authorizationUrl, state } = await startSignIn();
    return callback(await provider.signIn(authorizationUrl.href, person), state);
  }

  async function auditEvents(action: string, userId: string) {
    const { rows } = await ctx.db.query<{ outcome: string; details: Record<string, unknown> }>(
      `SELECT outcome, details FROM audit_events WHERE action = $1 AND resource_id = $2 ORDER BY seq`,
      [action, userId],
    );
    return rows;
  }

  /** The aggregated refusals of this suite's callbacks (written once their minute has ended), as `reason:check` → count. */
  async function anonymousRefusals(): Promise<Record<string, number>> {
    await ctx.app.get(RefusalTally).flush(Date.now() + 61_000);
    const { rows } = await ctx.db.query<{ reason: string; count: number }>(
      `SELECT concat_ws(':', details->>'reason', details->>'check') AS reason, sum((details->>'count')::int)::int AS count
       FROM audit_events
       WHERE action = 'auth.login_failed' AND details->>'method' = 'oidc' AND resource_id IS NULL
       GROUP BY 1`,
    );
    return Object.fromEntries(rows.map((row) => [row.reason, row.count]));
  }

  it('tells the web app that single sign-on is on, with the provider name', async () => {
    const res = await ctx.http.get('/api/v1/web-config').expect(200);
    expect(res.body).toMatchObject({ singleSignOn: true, singleSignOnName: 'Testkommunen' });
  });

  it('sends the browser to the provider with the code flow, PKCE S256, state and nonce; the state cookie only for the callback', async () => {
    const res = await ctx.http.get('/api/v1/auth/oidc/login');
    expect(res.status).toBe(302);
    const url = new URL(res.headers.location);
    expect(url.origin).toBe(provider.issuer);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URL,
      response_type: 'code',
      scope: 'openid email',
      code_challenge_method: 'S256',
    });
    expect(params.code_challenge).toMatch(/^[\w-]{43}$/);
    expect(params.state).toMatch(/^[\w-]{43}$/);
    expect(params.nonce).toMatch(/^[\w-]{43}$/);
    expect(params.nonce).not.toBe(params.state);
    const line = cookieLine(res.headers, STATE_COOKIE) as string;
    expect(line.split(';')[0]).toBe(`${STATE_COOKIE}=${params.state}`);
    expect(line.split(';').map((a) => a.trim().toLowerCase())).toEqual(
      expect.arrayContaining(['httponly', 'secure', 'samesite=lax', 'path=/api/v1/auth/oidc/callback', 'max-age=600']),
    );
    // The server keeps the verifier and nonce under the state's hash, never the state itself.
    const { rows } = await ctx.db.query(`SELECT 1 FROM oidc_pending_logins WHERE state_hash = sha256($1::bytea)`, [
      Buffer.from(params.state),
    ]);
    expect(rows).toHaveLength(1);
  });

  it('a full code flow opens a browser session: the refresh cookie, then /auth/refresh and /auth/me as that account; linked and audited', async () => {
    const res = await signInAs('person-requester');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
    expect(cookieLine(res.headers, STATE_COOKIE)).toMatch(/Expires=Thu, 01 Jan 1970/);
    const refreshLine = cookieLine(res.headers, REFRESH_COOKIE) as string;
    expect(refreshLine.split(';').map((a) => a.trim().toLowerCase())).toEqual(
      expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/api/v1/auth']),
    );
    const refreshed = await ctx.http
      .post('/api/v1/auth/refresh')
      .set('X-Session', 'cookie')
      .set('Cookie', `${REFRESH_COOKIE}=${cookieValue(res.headers, REFRESH_COOKIE)}`)
      .send();
    expect(refreshed.status).toBe(200);
    const me = await ctx.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${refreshed.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: accounts.requester.id, email: email('requester') });

    const { rows: links } = await ctx.db.query(`SELECT issuer, subject FROM user_identities WHERE user_id = $1`, [
      accounts.requester.id,
    ]);
    expect(links).toEqual([{ issuer: provider.issuer, subject: 'person-requester' }]);
    expect(await auditEvents('auth.oidc_linked', accounts.requester.id)).toEqual([
      { outcome: 'success', details: { issuer: provider.issuer } },
    ]);
    const { rows: logins } = await ctx.db.query(
      `SELECT e.details, s.method FROM audit_events e JOIN auth_sessions s ON s.id = e.resource_id::uuid
       WHERE e.action = 'auth.login' AND e.actor_id = $1`,
      [accounts.requester.id],
    );
    expect(logins).toEqual([{ details: { method: 'oidc' }, method: 'oidc' }]);
  });

  it('the second sign-in finds the account by its link, even after the email changed', async () => {
    await ctx.db.query(`UPDATE users SET email = $2 WHERE id = $1`, [accounts.requester.id, email('renamed')]);
    try {
      const res = await signInAs('person-requester');
      expect(res.headers.location).toBe('/');
      expect(cookieLine(res.headers, REFRESH_COOKIE)).toBeDefined();
      expect(await auditEvents('auth.oidc_linked', accounts.requester.id)).toHaveLength(1);
    } finally {
      await ctx.db.query(`UPDATE users SET email = $2 WHERE id = $1`, [accounts.requester.id, email('requester')]);
    }
  });

  it('refuses a forged callback: a state this browser was not given, or none', async () => {
    const { authorizationUrl, state } = await startSignIn();
    const back = await provider.signIn(authorizationUrl.href, 'person-requester');
    const forged = await callback(back, 'x'.repeat(43));
    expect(forged.status).toBe(302);
    expect(forged.headers.location).toBe('/login?sso=failed');
    expect(cookieLine(forged.headers, REFRESH_COOKIE)).toBeUndefined();
    const noCookie = await callback(back, undefined);
    expect(noCookie.headers.location).toBe('/login?sso=failed');
    // An attacker's own state and code in the victim's browser (login CSRF) fail the same way.
    const other = await startSignIn();
    expect((await callback(back, other.state)).headers.location).toBe('/login?sso=failed');
    // The refusals did not spend the genuine sign-in: its own browser still completes it.
    expect((await callback(back, state)).headers.location).toBe('/');
  });

  it('refuses a replayed callback: the same code and state work once', async () => {
    const { authorizationUrl, state } = await startSignIn();
    const back = await provider.signIn(authorizationUrl.href, 'person-requester');
    const first = await callback(back, state);
    expect(first.headers.location).toBe('/');
    const replay = await callback(back, state);
    expect(replay.status).toBe(302);
    expect(replay.headers.location).toBe('/login?sso=failed');
    expect(cookieLine(replay.headers, REFRESH_COOKIE)).toBeUndefined();
  });

  it('refuses an answer from another provider (mix-up): the issuer is not the configured one', async () => {
    const { authorizationUrl, state } = await startSignIn();
    // The same request (same client, state, nonce and PKCE challenge) answered by a second provider.
    const atElsewhere = new URL(authorizationUrl.pathname + authorizationUrl.search, elsewhere.issuer);
    const back = await elsewhere.signIn(atElsewhere.href, 'person-requester');
    expect(back.searchParams.get('iss')).toBe(elsewhere.issuer);
    const res = await callback(back, state);
    expect(res.headers.location).toBe('/login?sso=failed');
    expect(cookieLine(res.headers, REFRESH_COOKIE)).toBeUndefined();
  });

  it.each([
    ['another audience', 'person-audience'],
    ['an expired ID token', 'person-expired'],
    ['another issuer in the ID token', 'person-issuer'],
    ['a signature by a key the provider does not publish', 'person-signature'],
  ])('refuses %s', async (_what, person) => {
    const res = await signInAs(person);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login?sso=failed');
    expect(cookieLine(res.headers, REFRESH_COOKIE)).toBeUndefined();
  });

  it('an unknown person, or an email the provider has not verified, gets the "ask your administrator" page; nobody is created', async () => {
    const { rows: before } = await ctx.db.query(`SELECT count(*)::int AS n FROM users`);
    for (const person of ['person-unknown', 'person-unverified']) {
      const res = await signInAs(person);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/login/no-account');
      expect(cookieLine(res.headers, REFRESH_COOKIE)).toBeUndefined();
    }
    const { rows: after } = await ctx.db.query(`SELECT count(*)::int AS n FROM users`);
    expect(after[0].n).toBe(before[0].n);
    const { rows: links } = await ctx.db.query(`SELECT count(*)::int AS n FROM user_identities WHERE user_id = $1`, [
      accounts.unverified.id,
    ]);
    expect(links[0].n).toBe(0);
  });

  it('a deactivated account gets the same page, is not linked, and the refusal is audited on it', async () => {
    const res = await signInAs('person-deactivated');
    expect(res.headers.location).toBe('/login/no-account');
    expect(cookieLine(res.headers, REFRESH_COOKIE)).toBeUndefined();
    expect(await auditEvents('auth.login_failed', accounts.deactivated.id)).toEqual([
      { outcome: 'failure', details: { method: 'oidc', reason: 'inactive_account' } },
    ]);
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM user_identities WHERE user_id = $1`, [
      accounts.deactivated.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('an invited account that has not set its password yet gets the same page; not linked', async () => {
    const res = await signInAs('person-invited');
    expect(res.headers.location).toBe('/login/no-account');
    expect(cookieLine(res.headers, REFRESH_COOKIE)).toBeUndefined();
    expect(await auditEvents('auth.login_failed', accounts.invited.id)).toEqual([
      { outcome: 'failure', details: { method: 'oidc', reason: 'invited_account' } },
    ]);
    const { rows } = await ctx.db.query(`SELECT 1 FROM user_identities WHERE user_id = $1`, [accounts.invited.id]);
    expect(rows).toHaveLength(0);
  });

  it('a linked account that was deactivated since is refused too', async () => {
    await ctx.db.query(`UPDATE users SET active = false WHERE id = $1`, [accounts.requester.id]);
    try {
      const res = await signInAs('person-requester');
      expect(res.headers.location).toBe('/login/no-account');
      expect(await auditEvents('auth.login_failed', accounts.requester.id)).toEqual([
        { outcome: 'failure', details: { method: 'oidc', reason: 'inactive_account' } },
      ]);
    } finally {
      await ctx.db.query(`UPDATE users SET active = true WHERE id = $1`, [accounts.requester.id]);
    }
  });

  it('audits the refusals that name no account in aggregate, with their reasons; no token or code in the trail', async () => {
    // Each refused ID token failed the check it was made to fail.
    expect(await anonymousRefusals()).toEqual({
      state_mismatch: 3,
      state_unknown: 1,
      'issuer_mismatch:iss': 1,
      'id_token_invalid:aud': 1,
      'id_token_invalid:exp': 1,
      'id_token_invalid:iss': 1,
      'id_token_invalid:signature': 1,
      unknown_person: 2,
    });
    const { rows } = await ctx.db.query(`SELECT details::text AS d FROM audit_events WHERE details::text ILIKE '%oidc%'`);
    for (const { d } of rows) expect(d).not.toMatch(/[\w-]{43}/);
  });
});

describe('Single sign-on with a required acr (OIDC_REQUIRED_ACR)', () => {
  let ctx: E2eContext;
  let provider: TestOpenIdProvider;
  let account: Account;
  let staff: Account;

  beforeAll(async () => {
    provider = await TestOpenIdProvider.start([CLIENT], {
      'person-weak': { email: email('acr'), email_verified: true, acr: 'loa2' },
      'person-none': { email: email('acr'), email_verified: true },
      'person-strong': { email: email('acr'), email_verified: true, acr: 'loa3' },
      'person-strong-staff': { email: email('acr-staff'), email_verified: true, acr: 'loa3' },
    });
    ctx = await createE2eContext('oidcacr', {
      env: {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_REDIRECT_URL: REDIRECT_URL,
        OIDC_REQUIRED_ACR: 'loa3',
        MFA_REQUIRED_ROLES: 'investigator,supervisor,admin',
      },
    });
    const org = await createOrganization(ctx);
    account = await createAccount(ctx, Role.Requester, { email: email('acr'), organizationId: org.id });
    staff = await createAccount(ctx, Role.Investigator, { email: email('acr-staff') });
  });
  afterAll(async () => {
    await ctx?.close();
    await provider?.stop();
  });

  async function signInAs(person: string) {
    const start = await ctx.http.get('/api/v1/auth/oidc/login');
    const authorizationUrl = new URL(start.headers.location);
    expect(authorizationUrl.searchParams.get('acr_values')).toBe('loa3');
    const back = await provider.signIn(authorizationUrl.href, person);
    return ctx.http.get(pathOf(back)).set('Cookie', `${STATE_COOKIE}=${cookieValue(start.headers, STATE_COOKIE)}`);
  }

  it('refuses a sign-in with a weaker acr or none, audited on the account, which stays unlinked', async () => {
    for (const person of ['person-weak', 'person-none']) {
      const res = await signInAs(person);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/login?sso=insufficient');
      expect(cookieLine(res.headers, REFRESH_COOKIE)).toBeUndefined();
    }
    const { rows } = await ctx.db.query(
      `SELECT details FROM audit_events WHERE action = 'auth.login_failed' AND resource_id = $1 ORDER BY seq`,
      [account.id],
    );
    expect(rows).toEqual([
      { details: { method: 'oidc', reason: 'acr_missing' } },
      { details: { method: 'oidc', reason: 'acr_missing' } },
    ]);
    const links = await ctx.db.query(`SELECT 1 FROM user_identities WHERE user_id = $1`, [account.id]);
    expect(links.rows).toHaveLength(0);
  });

  it('signs in with the required acr', async () => {
    const res = await signInAs('person-strong');
    expect(res.headers.location).toBe('/');
    expect(cookieLine(res.headers, REFRESH_COOKIE)).toBeDefined();
  });

  it('the required acr counts as the second factor: a staff member without one of ours signs in at once', async () => {
    const res = await signInAs('person-strong-staff');
    expect(res.headers.location).toBe('/');
    expect(cookieLine(res.headers, REFRESH_COOKIE)).toBeDefined();
    const { rows } = await ctx.db.query(`SELECT method FROM auth_sessions WHERE user_id = $1`, [staff.id]);
    expect(rows).toEqual([{ method: 'oidc' }]);
  });
});

describe('Single sign-on while the provider cannot be reached', () => {
  let ctx: E2eContext;

  beforeAll(async () => {
    // Nothing listens on this port: discovery fails.
    const port = await freePort();
    ctx = await createE2eContext('oidcdown', {
      env: {
        OIDC_ISSUER: `http://127.0.0.1:${port}`,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_REDIRECT_URL: REDIRECT_URL,
      },
    });
  });
  afterAll(() => ctx?.close());

  it('the API started anyway, and the button leads back to the login page with a sentence, never a 5xx', async () => {
    expect((await ctx.http.get('/api/v1/web-config')).body).toMatchObject({ singleSignOn: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await ctx.http.get('/api/v1/auth/oidc/login');
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/login?sso=unavailable');
      expect(cookieLine(res.headers, STATE_COOKIE)).toBeUndefined();
    }
  });
});

describe('Single sign-on and the second factor (MFA_REQUIRED_ROLES)', () => {
  let ctx: E2eContext;
  let provider: TestOpenIdProvider;
  let staff: Account;
  let vouched: Account;
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    provider = await TestOpenIdProvider.start([CLIENT], {
      // The provider says nothing about a second factor (amr: a password only).
      'person-staff': { email: email('staff'), email_verified: true, amr: ['pwd'] },
      // The provider vouches for one.
      'person-staff-mfa': { email: email('staff-mfa'), email_verified: true, amr: ['pwd', 'mfa'] },
    });
    ctx = await createE2eContext('oidcmfa', {
      env: {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_REDIRECT_URL: REDIRECT_URL,
        MFA_REQUIRED_ROLES: 'investigator,supervisor,admin',
        // createE2eContext keeps earlier suites' variables in process.env: none here.
        OIDC_REQUIRED_ACR: '',
      },
    });
    staff = await createAccount(ctx, Role.Investigator, { email: email('staff') });
    vouched = await createAccount(ctx, Role.Investigator, { email: email('staff-mfa') });
  });
  afterAll(async () => {
    await ctx?.close();
    await provider?.stop();
  });

  async function signInAs(person: string) {
    const start = await ctx.http.get('/api/v1/auth/oidc/login');
    const back = await provider.signIn(start.headers.location, person);
    return ctx.http.get(pathOf(back)).set('Cookie', `${STATE_COOKIE}=${cookieValue(start.headers, STATE_COOKIE)}`);
  }

  /** The second step handed to the web app in the fragment of /login (never sent to a server). */
  function handedStep(location: string): Record<string, string> {
    expect(location).toMatch(/^\/login#/);
    return Object.fromEntries(new URLSearchParams(location.slice(location.indexOf('#') + 1)));
  }

  async function sessionMethods(userId: string): Promise<string[]> {
    const { rows } = await ctx.db.query<{ method: string }>(
      `SELECT method FROM auth_sessions WHERE user_id = $1 ORDER BY created_at`,
      [userId],
    );
    return rows.map((row) => row.method);
  }

  it('a staff member without a factor continues at enrolment with an mfaToken, and no session opens until it is done', async () => {
    const res = await signInAs('person-staff');
    expect(res.status).toBe(302);
    expect(cookieLine(res.headers, REFRESH_COOKIE)).toBeUndefined();
    const step = handedStep(res.headers.location);
    expect(step).toEqual({ step: 'enrol', mfaToken: expect.stringMatching(/^[\w-]{43}$/) });
    expect(await sessionMethods(staff.id)).toEqual([]);

    const enrolment = await ctx.http.post('/api/v1/auth/mfa/totp/enroll').send({ mfaToken: step.mfaToken }).expect(200);
    const confirmed = await ctx.http
      .post('/api/v1/auth/mfa/totp/confirm')
      .set('X-Session', 'cookie')
      .send({ mfaToken: step.mfaToken, code: totpCode(enrolment.body.secret) })
      .expect(200);
    expect(confirmed.body.user).toMatchObject({ id: staff.id });
    expect(cookieLine(confirmed.headers, REFRESH_COOKIE)).toBeDefined();
    expect(await sessionMethods(staff.id)).toEqual(['oidc+totp']);
    recoveryCodes = confirmed.body.recoveryCodes;
  });

  it('the next sign-in without amr asks for the factor; a recovery code opens the session (oidc+recovery_code)', async () => {
    const res = await signInAs('person-staff');
    const step = handedStep(res.headers.location);
    expect(step).toEqual({ step: 'verify', mfaToken: expect.any(String), methods: 'totp,recovery_code' });
    await ctx.http
      .post('/api/v1/auth/mfa/recovery')
      .send({ mfaToken: step.mfaToken, recoveryCode: recoveryCodes[0] })
      .expect(200);
    expect(await sessionMethods(staff.id)).toEqual(['oidc+totp', 'oidc+recovery_code']);
  });

  it('a provider that vouches for a second factor (amr mfa) is not second-guessed: the session opens at once', async () => {
    const res = await signInAs('person-staff-mfa');
    expect(res.headers.location).toBe('/');
    expect(cookieLine(res.headers, REFRESH_COOKIE)).toBeDefined();
    expect(await sessionMethods(vouched.id)).toEqual(['oidc']);
  });
});
