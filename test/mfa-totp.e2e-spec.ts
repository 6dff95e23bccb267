import { Role } from '@app/identity';
import { randomUUID } from 'node:crypto';
import { Account, createAccount, createOrganization, logIn } from '@app/testing/e2e/actors';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { enrolAtLogin, Enrolled, forgetLastStep, mfaTokenOf, passwordStep, totpCode } from '@app/testing/e2e/mfa-support';

const VERIFY = '/api/v1/auth/mfa/totp/verify';
const RECOVERY = '/api/v1/auth/mfa/recovery';
const ENROLL = '/api/v1/auth/mfa/totp/enroll';
const CONFIRM = '/api/v1/auth/mfa/totp/confirm';

/** The second factor with MFA_REQUIRED_ROLES at its default (every staff role): docs/api.md "Second factor". */
describe('Second factor: TOTP and recovery codes (MFA_REQUIRED_ROLES default)', () => {
  let ctx: E2eContext;

  const auditOf = async (action: string, userId: string) =>
    (
      await ctx.db.query<{ actor_id: string | null; outcome: string; details: Record<string, unknown> }>(
        `SELECT actor_id, outcome, details FROM audit_events WHERE action = $1 AND resource_id = $2 ORDER BY seq`,
        [action, userId],
      )
    ).rows;

  beforeAll(async () => {
    ctx = await createE2eContext('mfatotp', { mfaRequiredByDefault: true, env: { THROTTLE_IP_LIMIT: '10000' } });
  });
  afterAll(() => ctx.close());

  describe('forced enrolment at the first login of a staff member', () => {
    let investigator: Account;
    let enrolled: Enrolled;

    beforeAll(async () => {
      investigator = await createAccount(ctx, Role.Investigator);
    });

    it('answers { mfaEnrollmentRequired, mfaToken } and no tokens to the password', async () => {
      const res = await passwordStep(ctx, investigator).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['mfaEnrollmentRequired', 'mfaToken']);
      expect(res.body.mfaEnrollmentRequired).toBe(true);
      expect(res.headers['set-cookie']).toBeUndefined();
      const stored = await ctx.db.query(`SELECT token_hash, purpose, user_id FROM mfa_challenges WHERE user_id = $1`, [investigator.id]);
      expect(stored.rows).toHaveLength(1);
      expect(stored.rows[0].purpose).toBe('enroll');
      // Only a hash of the token is stored.
      expect(stored.rows[0].token_hash.toString('base64url')).not.toBe(res.body.mfaToken);
      expect((await auditOf('auth.mfa_challenge', investigator.id))[0].details).toMatchObject({ purpose: 'enroll', firstFactor: 'password' });
    });

    it('enrols: a secret stored encrypted, a wrong first code counted, the right one gives 10 recovery codes and the login', async () => {
      const { mfaToken } = (await passwordStep(ctx, investigator).expect(200)).body;
      const enrolment = await ctx.http.post(ENROLL).send({ mfaToken }).expect(200);
      const { secret, otpauthUrl } = enrolment.body;
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(otpauthUrl).toBe(
        `otpauth://totp/consult-intake:${encodeURIComponent(investigator.email)}?secret=${secret}&issuer=consult-intake&algorithm=SHA1&digits=6&period=30`,
      );
      const row = (await ctx.db.query(`SELECT secret, confirmed_at FROM mfa_totp WHERE user_id = $1`, [investigator.id])).rows[0];
      expect(row.secret).toMatch(/^v1\./);
      expect(row.secret).not.toContain(secret);
      expect(row.confirmed_at).toBeNull();

      const wrong = totpCode(secret) === '000000' ? '111111' : '000000';
      await ctx.http.post(CONFIRM).send({ mfaToken, code: wrong }).expect(401);
      const confirmed = await ctx.http.post(CONFIRM).send({ mfaToken, code: totpCode(secret) }).expect(200);
      expect(confirmed.body.recoveryCodes).toHaveLength(10);
      expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
      expect(confirmed.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), user: { id: investigator.id } });
      await ctx.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${confirmed.body.accessToken}`).expect(200);
      expect((await ctx.http.get('/api/v1/auth/mfa').set('Authorization', `Bearer ${confirmed.body.accessToken}`).expect(200)).body).toEqual({
        methods: ['totp', 'recovery_code'],
        required: true,
      });
      enrolled = { secret, recoveryCodes: confirmed.body.recoveryCodes, login: confirmed.body };

      const codes = await ctx.db.query(`SELECT code_hash FROM mfa_recovery_codes WHERE user_id = $1`, [investigator.id]);
      expect(codes.rows).toHaveLength(10);
      const stored = codes.rows.map((r: { code_hash: Buffer }) => r.code_hash.toString('hex')).join(' ');
      for (const code of enrolled.recoveryCodes) expect(stored).not.toContain(Buffer.from(code).toString('hex'));
      expect((await auditOf('user.mfa_enrolled', investigator.id))[0].details).toEqual({ method: 'totp', atLogin: true });
      expect((await auditOf('auth.mfa_failed', investigator.id))[0]).toMatchObject({ outcome: 'failure', details: { reason: 'wrong_code', attemptsLeft: 4 } });
      expect((await auditOf('auth.mfa_verified', investigator.id))[0].details).toMatchObject({ method: 'password+totp', purpose: 'enroll' });
      // The mfaToken served its one login.
      await ctx.http.post(CONFIRM).send({ mfaToken, code: totpCode(secret, 1) }).expect(401);
    });

    it('from then on asks for the factor: { mfaRequired, mfaToken, methods } and no tokens; the next code logs in', async () => {
      const res = await passwordStep(ctx, investigator).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['methods', 'mfaRequired', 'mfaToken']);
      expect(res.body).toMatchObject({ mfaRequired: true, methods: ['totp', 'recovery_code'] });
      // The code confirmed at enrolment is spent: the next step's code works.
      const login = await ctx.http.post(VERIFY).send({ mfaToken: res.body.mfaToken, code: totpCode(enrolled.secret, 1) }).expect(200);
      expect(login.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: expect.any(Number), user: { id: investigator.id, role: 'investigator' } });
      await ctx.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
      await ctx.http.post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(200);
    });

    it('refuses a replayed code (401), even with a new mfaToken, and audits it as reused', async () => {
      const code = totpCode(enrolled.secret, 1); // accepted by the previous test
      const res = await ctx.http.post(VERIFY).send({ mfaToken: await mfaTokenOf(ctx, investigator), code }).expect(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const failures = await auditOf('auth.mfa_failed', investigator.id);
      expect(failures.at(-1)?.details).toMatchObject({ reason: 'reused_code', method: 'totp' });
    });
  });

  describe('the mfaToken', () => {
    let account: Account;
    let enrolled: Enrolled;

    beforeAll(async () => {
      account = await createAccount(ctx, Role.Supervisor);
      enrolled = await enrolAtLogin(ctx, account);
    });
    beforeEach(() => forgetLastStep(ctx, account.id));

    it('dies after 5 wrong codes: the right code is then refused too', async () => {
      const mfaToken = await mfaTokenOf(ctx, account);
      const right = totpCode(enrolled.secret);
      const wrong = right === '123456' ? '654321' : '123456';
      for (let i = 0; i < 5; i++) await ctx.http.post(VERIFY).send({ mfaToken, code: wrong }).expect(401);
      await ctx.http.post(VERIFY).send({ mfaToken, code: right }).expect(401);
      await ctx.http.post(RECOVERY).send({ mfaToken, recoveryCode: enrolled.recoveryCodes[0] }).expect(401);
      const row = (await ctx.db.query(`SELECT failed_attempts FROM mfa_challenges WHERE token_hash = sha256($1::bytea)`, [mfaToken])).rows[0];
      expect(row.failed_attempts).toBe(5);
      const attemptsLeft = (await auditOf('auth.mfa_failed', account.id)).map((e) => e.details.attemptsLeft);
      expect(attemptsLeft).toEqual([4, 3, 2, 1, 0]);
      // A new login gets a new token; the unused code still works there.
      await ctx.http.post(VERIFY).send({ mfaToken: await mfaTokenOf(ctx, account), code: right }).expect(200);
    });

    it('expires after 5 minutes', async () => {
      const mfaToken = await mfaTokenOf(ctx, account);
      const row = (await ctx.db.query(`SELECT expires_at - created_at AS ttl FROM mfa_challenges WHERE token_hash = sha256($1::bytea)`, [mfaToken])).rows[0];
      expect(row.ttl).toMatchObject({ minutes: 5 });
      await ctx.db.query(`UPDATE mfa_challenges SET expires_at = now() - interval '1 second' WHERE token_hash = sha256($1::bytea)`, [mfaToken]);
      const res = await ctx.http.post(VERIFY).send({ mfaToken, code: totpCode(enrolled.secret) }).expect(401);
      expect(res.body.detail).toMatch(/expired or was already used/);
    });

    it('is refused when unknown or malformed, and for the other purpose', async () => {
      await ctx.http.post(VERIFY).send({ mfaToken: 'x'.repeat(43), code: '123456' }).expect(401);
      await ctx.http.post(VERIFY).send({ mfaToken: await mfaTokenOf(ctx, account), code: '12345' }).expect(400);
      await ctx.http.post(VERIFY).send({ code: '123456' }).expect(400);
      await ctx.http.post(VERIFY).send({ mfaToken: await mfaTokenOf(ctx, account), code: '123456', extra: 1 }).expect(400);
      // A verify token cannot enrol a second app.
      await ctx.http.post(ENROLL).send({ mfaToken: await mfaTokenOf(ctx, account) }).expect(401);
    });
  });

  describe('recovery codes', () => {
    it('each works once, however typed; a used one is 401 and audited', async () => {
      const account = await createAccount(ctx, Role.Admin);
      const { recoveryCodes } = await enrolAtLogin(ctx, account);
      const first = await ctx.http.post(RECOVERY).send({ mfaToken: await mfaTokenOf(ctx, account), recoveryCode: recoveryCodes[0] }).expect(200);
      expect(first.body.user.id).toBe(account.id);
      await ctx.http.post(RECOVERY).send({ mfaToken: await mfaTokenOf(ctx, account), recoveryCode: recoveryCodes[0] }).expect(401);
      const typed = ` ${recoveryCodes[1].toLowerCase().replace(/-/g, ' ')} `;
      await ctx.http.post(RECOVERY).send({ mfaToken: await mfaTokenOf(ctx, account), recoveryCode: typed }).expect(200);
      expect((await auditOf('auth.mfa_failed', account.id)).map((e) => e.details.reason)).toEqual(['used_recovery_code']);
      expect((await auditOf('user.mfa_recovery_code_used', account.id)).map((e) => e.details.remaining)).toEqual([9, 8]);
      expect((await auditOf('auth.mfa_verified', account.id)).at(-1)?.details).toMatchObject({ method: 'password+recovery_code' });
    });
  });

  describe('voluntary enrolment with a bearer token', () => {
    it('a requester (no factor required) logs in with a password, enrols, and is asked for the factor from then on', async () => {
      const org = await createOrganization(ctx);
      const account = await createAccount(ctx, Role.Requester, { organizationId: org.id });
      const requester = await logIn(ctx, account); // tokens at once: the role needs no factor
      expect((await requester.auth(ctx.http.get('/api/v1/auth/mfa')).expect(200)).body).toEqual({ methods: [], required: false });
      await ctx.http.post(ENROLL).send({}).expect(401);
      await ctx.http.post(ENROLL).set('Authorization', 'Bearer not-a-token').send({}).expect(401);
      const { secret } = (await requester.auth(ctx.http.post(ENROLL)).send({}).expect(200)).body;
      // Not confirmed yet: login still answers tokens.
      expect((await passwordStep(ctx, account).expect(200)).body.accessToken).toEqual(expect.any(String));
      const wrong = totpCode(secret) === '000000' ? '111111' : '000000';
      const bad = await requester.auth(ctx.http.post(CONFIRM)).send({ code: wrong }).expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
      const confirmed = await requester.auth(ctx.http.post(CONFIRM)).send({ code: totpCode(secret) }).expect(200);
      expect(Object.keys(confirmed.body)).toEqual(['recoveryCodes']);
      expect((await requester.auth(ctx.http.get('/api/v1/auth/mfa')).expect(200)).body).toEqual({ methods: ['totp', 'recovery_code'], required: false });
      expect(confirmed.body.recoveryCodes).toHaveLength(10);
      expect((await auditOf('user.mfa_enrolled', account.id))[0]).toMatchObject({ actor_id: account.id, details: { method: 'totp', atLogin: false } });
      // A second app is a conflict; login now asks for the factor.
      await requester.auth(ctx.http.post(ENROLL)).send({}).expect(409);
      await requester.auth(ctx.http.post(CONFIRM)).send({ code: totpCode(secret, 1) }).expect(409);
      const mfaToken = await mfaTokenOf(ctx, account);
      await ctx.http.post(VERIFY).send({ mfaToken, code: totpCode(secret, 1) }).expect(200);
    });
  });

  describe('browser sessions (X-Session: cookie)', () => {
    it('the second step sets the refresh cookie and leaves the refresh token out of the JSON, like /auth/login', async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const first = await passwordStep(ctx, account).set('X-Session', 'cookie').expect(200);
      expect(first.headers['set-cookie']).toBeUndefined();
      const { mfaToken } = first.body;
      const { secret } = (await ctx.http.post(ENROLL).send({ mfaToken })).body;
      const confirmed = await ctx.http.post(CONFIRM).set('X-Session', 'cookie').send({ mfaToken, code: totpCode(secret) }).expect(200);
      expect(confirmed.body.refreshToken).toBeUndefined();
      expect(confirmed.body.recoveryCodes).toHaveLength(10);
      expect(String(confirmed.headers['set-cookie'])).toMatch(/^consult_intake_refresh=[^;]+;.*HttpOnly/);

      const verified = await ctx.http
        .post(VERIFY)
        .set('X-Session', 'cookie')
        .send({ mfaToken: await mfaTokenOf(ctx, account), code: totpCode(secret, 1) })
        .expect(200);
      expect(verified.body.refreshToken).toBeUndefined();
      const cookie = String(verified.headers['set-cookie']).split(';')[0];
      await ctx.http.post('/api/v1/auth/refresh').set('X-Session', 'cookie').set('Cookie', cookie).send({}).expect(200);

      const { recoveryCodes } = confirmed.body as { recoveryCodes: string[] };
      const recovered = await ctx.http
        .post(RECOVERY)
        .set('X-Session', 'cookie')
        .send({ mfaToken: await mfaTokenOf(ctx, account), recoveryCode: recoveryCodes[0] })
        .expect(200);
      expect(recovered.body.refreshToken).toBeUndefined();
      expect(String(recovered.headers['set-cookie'])).toMatch(/^consult_intake_refresh=/);
    });
  });

  describe("admin reset of a user's factors", () => {
    it('removes every factor, ends every login and open step, notifies supervisors, is audited; the user enrols again', async () => {
      const admin = await createAccount(ctx, Role.Admin);
      const adminToken = (await enrolAtLogin(ctx, admin)).login.accessToken;
      const supervisor = await createAccount(ctx, Role.Supervisor);
      await enrolAtLogin(ctx, supervisor);
      const user = await createAccount(ctx, Role.Investigator);
      const enrolled = await enrolAtLogin(ctx, user);
      await forgetLastStep(ctx, user.id);
      const second = await ctx.http.post(VERIFY).send({ mfaToken: await mfaTokenOf(ctx, user), code: totpCode(enrolled.secret) }).expect(200);
      const pendingStep = await mfaTokenOf(ctx, user);

      await ctx.http.post(`/api/v1/users/${user.id}/mfa/reset`).set('Authorization', `Bearer ${adminToken}`).expect(204);

      for (const token of [enrolled.login.accessToken, second.body.accessToken])
        await ctx.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      await ctx.http.post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(401);
      await forgetLastStep(ctx, user.id);
      await ctx.http.post(VERIFY).send({ mfaToken: pendingStep, code: totpCode(enrolled.secret) }).expect(401);
      for (const table of ['mfa_totp', 'mfa_recovery_codes', 'mfa_challenges'])
        expect((await ctx.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [user.id])).rows[0].n).toBe(0);

      const notices = await ctx.db.query(`SELECT recipient_id, subject_user_id FROM notifications WHERE type = 'account.mfa_reset'`);
      expect(notices.rows).toContainEqual({ recipient_id: supervisor.id, subject_user_id: user.id });
      const notified = await ctx.db.query(`SELECT count(*)::int AS n FROM users WHERE role = 'supervisor' AND active`);
      expect(notices.rows.filter((n: { subject_user_id: string }) => n.subject_user_id === user.id)).toHaveLength(notified.rows[0].n);

      const [event] = await auditOf('user.mfa_reset', user.id);
      expect(event).toMatchObject({
        actor_id: admin.id,
        outcome: 'success',
        details: { factorsRemoved: 11, challengesEnded: expect.any(Number), sessionsRevoked: 2, supervisorsNotified: notified.rows[0].n },
      });
      expect((await passwordStep(ctx, user).expect(200)).body.mfaEnrollmentRequired).toBe(true);

      await ctx.http.post(`/api/v1/users/${randomUUID()}/mfa/reset`).set('Authorization', `Bearer ${adminToken}`).expect(404);
      await ctx.http.post('/api/v1/users/not-a-uuid/mfa/reset').set('Authorization', `Bearer ${adminToken}`).expect(400);
    });
  });

  describe('throttling', () => {
    it('after 10 wrong answers for one user from one source, even the right code is 429 with Retry-After, across mfaTokens', async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const { secret } = await enrolAtLogin(ctx, account);
      await forgetLastStep(ctx, account.id);
      const wrong = totpCode(secret) === '000000' ? '111111' : '000000';
      for (let token = 0; token < 2; token++) {
        const mfaToken = await mfaTokenOf(ctx, account);
        for (let i = 0; i < 5; i++) await ctx.http.post(VERIFY).send({ mfaToken, code: wrong }).expect(401);
      }
      const mfaToken = await mfaTokenOf(ctx, account);
      const res = await ctx.http.post(VERIFY).send({ mfaToken, code: totpCode(secret) }).expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      await ctx.http.post(RECOVERY).send({ mfaToken, recoveryCode: 'AAAA-BBBB-CCCC-DDDD' }).expect(429);
      // Throttled attempts check nothing and add no row each: ten failures audited, one per answer.
      expect(await auditOf('auth.mfa_failed', account.id)).toHaveLength(10);
      // Another user is not affected.
      const other = await createAccount(ctx, Role.Investigator);
      await enrolAtLogin(ctx, other);
    });
  });
});
