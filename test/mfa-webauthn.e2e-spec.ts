/**
 * Passkeys (WebAuthn) as a second factor: docs/api.md "Second factor", docs/accounts.md "Passkeys".
 * A software authenticator (libs/testing/src/e2e/soft-authenticator.ts) with a real ES256 key answers the
 * service's real options; tampered answers must be refused and audited.
 */
import { Role } from '@app/identity';
import { Account, Actor, createAccount, createOrganization, logIn } from '@app/testing/e2e/actors';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { passwordStep } from '@app/testing/e2e/mfa-support';
import { foreignKey, SoftAuthenticator } from '@app/testing/e2e/soft-authenticator';

const ORIGIN = 'https://intake.example.test';
const RP_ID = 'intake.example.test';
const BASE = '/api/v1/auth/webauthn';

describe('passkeys (WebAuthn)', () => {
  let ctx: E2eContext;
  let requester: Actor;
  let investigator: Actor;
  let admin: Actor;

  beforeAll(async () => {
    // Supervisors must use a second factor here (enrolment at login); the other roles may.
    ctx = await createE2eContext('mfa-webauthn', {
      env: { WEBAUTHN_ORIGIN: ORIGIN, THROTTLE_IP_LIMIT: '10000', MFA_REQUIRED_ROLES: 'supervisor' },
    });
    const org = await createOrganization(ctx);
    requester = await logIn(ctx, await createAccount(ctx, Role.Requester, { organizationId: org.id }));
    investigator = await logIn(ctx, await createAccount(ctx, Role.Investigator));
    admin = await logIn(ctx, await createAccount(ctx, Role.Admin));
  });
  afterAll(() => ctx?.close());

  const registrationOptions = async (actor: Actor) => (await actor.auth(ctx.http.post(`${BASE}/registration/options`)).expect(200)).body;
  const verifyRegistration = (actor: Actor, body: object) => actor.auth(ctx.http.post(`${BASE}/registration/verify`)).send(body);
  const audit = async (action: string) =>
    (
      await ctx.db.query(`SELECT resource_type, resource_id, outcome, actor_id, details FROM audit_events WHERE action = $1 ORDER BY seq`, [
        action,
      ])
    ).rows;
  const failures = async (userId: string) =>
    (await ctx.db.query(`SELECT details FROM audit_events WHERE action = 'auth.mfa_failed' AND resource_id = $1 ORDER BY seq`, [userId])).rows.map(
      (r) => r.details.reason,
    );

  async function accountWithPasskeyOf(role: Role.Requester | Role.Investigator) {
    const account = await createAccount(ctx, role, role === Role.Requester ? { organizationId: requester.organizationId } : {});
    const { device, passkey } = await registerPasskey(await logIn(ctx, account));
    return { account, device, passkey };
  }

  async function registerPasskey(actor: Actor, device = new SoftAuthenticator(ORIGIN), name?: string) {
    const options = await registrationOptions(actor);
    const res = await verifyRegistration(actor, { response: device.register(options), ...(name ? { name } : {}) }).expect(200);
    return { device, passkey: res.body.passkey };
  }

  describe('registration with a bearer token', () => {
    it('answers W3C creation options: RP from config, user verification required, none attestation, ES256', async () => {
      const options = await registrationOptions(requester);
      expect(options.rp).toEqual({ id: RP_ID, name: 'Konsultation' });
      expect(options.user).toEqual(expect.objectContaining({ name: requester.email }));
      expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{32,}$/);
      expect(options.authenticatorSelection.userVerification).toBe('required');
      expect(options.attestation).toBe('none');
      expect(options.pubKeyCredParams.map((p: { alg: number }) => p.alg)).toContain(-7);
      expect(options.timeout).toBe(120000);
    });

    it('stores a verified passkey, lists it without key material, and audits without key material', async () => {
      const { device, passkey } = await registerPasskey(requester, undefined, 'Laptop');
      expect(passkey).toEqual({
        id: expect.any(String),
        name: 'Laptop',
        transports: ['internal'],
        backedUp: false,
        createdAt: expect.any(String),
        lastUsedAt: null,
      });
      const list = await requester.auth(ctx.http.get(`${BASE}/credentials`)).expect(200);
      expect(list.body.items).toEqual([passkey]);
      const { rows } = await ctx.db.query(`SELECT credential_id, counter::int, user_id FROM webauthn_credentials WHERE id = $1`, [passkey.id]);
      expect(rows[0]).toEqual({ credential_id: device.credentialId, counter: 0, user_id: requester.id });
      const registered = (await audit('webauthn.register')).filter((e) => e.resource_id === passkey.id);
      expect(registered).toEqual([
        expect.objectContaining({ resource_type: 'webauthn_credential', outcome: 'success', actor_id: requester.id }),
      ]);
      const trail = JSON.stringify(await ctx.db.query(`SELECT details FROM audit_events WHERE action LIKE 'webauthn.%'`));
      expect(trail).not.toContain(device.credentialId);
    });

    it('gives recovery codes with the first factor only, excludes the caller’s passkeys and names the next one Passkey N', async () => {
      const actor = await logIn(ctx, await createAccount(ctx, Role.Requester, { organizationId: requester.organizationId }));
      const device = new SoftAuthenticator(ORIGIN);
      const first = await verifyRegistration(actor, { response: device.register(await registrationOptions(actor)) }).expect(200);
      expect(first.body.recoveryCodes).toHaveLength(10);
      const options = await registrationOptions(actor);
      expect(options.excludeCredentials).toEqual([{ id: device.credentialId, type: 'public-key', transports: ['internal'] }]);
      const second = await verifyRegistration(actor, { response: new SoftAuthenticator(ORIGIN).register(options) }).expect(200);
      expect(second.body.passkey.name).toBe('Passkey 2');
      expect(second.body.recoveryCodes).toBeUndefined();
    });

    it('refuses an answer to another challenge, and the right one after it (the challenge is spent)', async () => {
      const device = new SoftAuthenticator(ORIGIN);
      const options = await registrationOptions(investigator);
      await verifyRegistration(investigator, { response: device.register(options, { challenge: 'A'.repeat(43) }) }).expect(422);
      await verifyRegistration(investigator, { response: device.register(options) }).expect(422);
      const refused = (await audit('webauthn.register')).filter((e) => e.actor_id === investigator.id);
      expect(refused.map((e) => [e.outcome, e.details.reason])).toEqual([
        ['failure', 'wrong_challenge'],
        ['failure', 'no_challenge'],
      ]);
    });

    it('refuses a replayed registration, another origin, and an answer without user verification', async () => {
      const device = new SoftAuthenticator(ORIGIN);
      const options = await registrationOptions(investigator);
      const answer = device.register(options);
      await verifyRegistration(investigator, { response: answer }).expect(200);
      await verifyRegistration(investigator, { response: answer }).expect(422);
      await verifyRegistration(investigator, {
        response: device.register(await registrationOptions(investigator), { origin: 'https://evil.example' }),
      }).expect(422);
      const unverified = new SoftAuthenticator(ORIGIN, { userVerified: false });
      await verifyRegistration(investigator, { response: unverified.register(await registrationOptions(investigator)) }).expect(422);
      const list = await investigator.auth(ctx.http.get(`${BASE}/credentials`)).expect(200);
      expect(list.body.items).toHaveLength(1);
    });

    it('refuses a credential registered already, to anyone (409)', async () => {
      const { device } = await registerPasskey(investigator);
      const again = device.register(await registrationOptions(requester), { sameCredential: true });
      await verifyRegistration(requester, { response: again }).expect(409);
      const refused = (await audit('webauthn.register')).filter((e) => e.actor_id === requester.id && e.outcome === 'failure');
      expect(refused.map((e) => e.details.reason)).toEqual(['already_registered']);
    });

    it('rejects a malformed answer with 400, never 5xx', async () => {
      await registrationOptions(requester);
      const bad = [
        {},
        { response: {} },
        { response: { id: 'x', rawId: 'x', type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON: '!!', attestationObject: 'x' } } },
        { response: { id: 'x', rawId: 'x', type: 'other', clientExtensionResults: {}, response: { clientDataJSON: 'x', attestationObject: 'x' } } },
        { name: 'x'.repeat(101), response: new SoftAuthenticator(ORIGIN).register(await registrationOptions(requester)) },
      ];
      const statuses: number[] = [];
      for (const body of bad) statuses.push((await verifyRegistration(requester, body)).status);
      expect(statuses).toEqual(bad.map(() => 400));
      const garbage = { id: 'x', rawId: 'x', type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON: 'eA', attestationObject: 'eA' } };
      await registrationOptions(requester);
      await verifyRegistration(requester, { response: garbage }).expect(422);
    });
  });

  describe('the second step of a login', () => {
    const mfaTokenOf = async (account: Account): Promise<string> => {
      const res = await passwordStep(ctx, account).expect(200);
      expect(res.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), methods: expect.arrayContaining(['webauthn']) });
      return res.body.mfaToken;
    };
    const authOptions = async (mfaToken: string) =>
      (await ctx.http.post(`${BASE}/authentication/options`).send({ mfaToken }).expect(200)).body;
    const authVerify = (mfaToken: string, response: object) => ctx.http.post(`${BASE}/authentication/verify`).send({ mfaToken, response });

    const accountWithPasskey = () => accountWithPasskeyOf(Role.Requester);

    it('offers webauthn and logs in with a passkey: tokens, user, counter and last use, method password+webauthn', async () => {
      const { account, device, passkey } = await accountWithPasskey();
      const mfaToken = await mfaTokenOf(account);
      const options = await authOptions(mfaToken);
      expect(options.rpId).toBe(RP_ID);
      expect(options.userVerification).toBe('required');
      expect(options.allowCredentials).toEqual([{ id: device.credentialId, type: 'public-key', transports: ['internal'] }]);
      const res = await authVerify(mfaToken, device.authenticate(options)).expect(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: expect.any(Number),
        user: expect.objectContaining({ id: account.id }),
      });
      await ctx.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
      const stored = (await ctx.db.query(`SELECT counter::int, last_used_at FROM webauthn_credentials WHERE id = $1`, [passkey.id])).rows[0];
      expect(stored.counter).toBe(1);
      expect(stored.last_used_at).not.toBeNull();
      const sessions = await ctx.db.query(`SELECT method FROM auth_sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1`, [account.id]);
      expect(sessions.rows[0].method).toBe('password+webauthn');
      expect((await audit('webauthn.authenticate')).filter((e) => e.resource_id === passkey.id)).toEqual([
        expect.objectContaining({ outcome: 'success', actor_id: account.id }),
      ]);
      // The mfaToken served its one login.
      await authVerify(mfaToken, device.authenticate(options)).expect(401);
    });

    it('answers a browser session with the refresh cookie, not the refresh token', async () => {
      const { account, device } = await accountWithPasskey();
      const res = await ctx.http.post('/api/v1/auth/login').set('X-Session', 'cookie').send({ email: account.email, password: account.password }).expect(200);
      const options = await authOptions(res.body.mfaToken);
      const answer = await ctx.http
        .post(`${BASE}/authentication/verify`)
        .set('X-Session', 'cookie')
        .send({ mfaToken: res.body.mfaToken, response: device.authenticate(options) })
        .expect(200);
      expect(answer.body.refreshToken).toBeUndefined();
      expect(answer.body.accessToken).toEqual(expect.any(String));
      expect(String(answer.headers['set-cookie'])).toMatch(/consult_intake_refresh=[^;]+;.*HttpOnly/);
    });

    it('refuses an answer to another challenge and a replayed assertion; each refusal counts', async () => {
      const { account, device } = await accountWithPasskey();
      const mfaToken = await mfaTokenOf(account);
      const options = await authOptions(mfaToken);
      await authVerify(mfaToken, device.authenticate(options, { challenge: 'B'.repeat(43) })).expect(401);
      const replay = device.authenticate(await authOptions(mfaToken));
      await authVerify(mfaToken, replay).expect(200);
      const next = await mfaTokenOf(account);
      await authOptions(next);
      await authVerify(next, replay).expect(401);
      expect(await failures(account.id)).toEqual(['wrong_challenge', 'wrong_challenge']);
    });

    it('refuses a signature from another key, and a counter that goes backwards', async () => {
      const { account, device } = await accountWithPasskey();
      let mfaToken = await mfaTokenOf(account);
      await authVerify(mfaToken, device.authenticate(await authOptions(mfaToken), { signWith: foreignKey() })).expect(401);
      await authVerify(mfaToken, device.authenticate(await authOptions(mfaToken), { counter: 7 })).expect(200);
      mfaToken = await mfaTokenOf(account);
      await authVerify(mfaToken, device.authenticate(await authOptions(mfaToken), { counter: 7 })).expect(401);
      await authVerify(mfaToken, device.authenticate(await authOptions(mfaToken), { counter: 3 })).expect(401);
      await authVerify(mfaToken, device.authenticate(await authOptions(mfaToken), { counter: 8 })).expect(200);
      expect(await failures(account.id)).toEqual(['verification_failed', 'counter_regression', 'counter_regression']);
    });

    it('refuses someone else’s passkey, and the mfaToken dies after 5 wrong answers', async () => {
      const { account } = await accountWithPasskey();
      const other = await accountWithPasskey();
      const mfaToken = await mfaTokenOf(account);
      for (let i = 0; i < 5; i += 1) await authVerify(mfaToken, other.device.authenticate(await authOptions(mfaToken))).expect(401);
      expect(await failures(account.id)).toEqual(Array(5).fill('unknown_credential'));
      await ctx.http.post(`${BASE}/authentication/options`).send({ mfaToken }).expect(401);
    });

    it('rejects malformed answers with 400 and an unknown mfaToken with 401, never 5xx', async () => {
      const { account, device } = await accountWithPasskey();
      const mfaToken = await mfaTokenOf(account);
      const good = device.authenticate(await authOptions(mfaToken));
      await ctx.http.post(`${BASE}/authentication/verify`).send({ mfaToken }).expect(400);
      await ctx.http.post(`${BASE}/authentication/verify`).send({ mfaToken, response: { ...good, response: {} } }).expect(400);
      await ctx.http.post(`${BASE}/authentication/verify`).send({ mfaToken: 'x'.repeat(43), response: good }).expect(401);
      await ctx.http.post(`${BASE}/authentication/options`).send({ mfaToken: 'x'.repeat(43) }).expect(401);
      const garbage = { ...good, response: { clientDataJSON: 'eA', authenticatorData: 'eA', signature: 'eA' } };
      await authVerify(mfaToken, garbage).expect(401);
    });
  });

  describe('enrolment at login (supervisors must use a second factor in this suite)', () => {
    it('registers a passkey with the mfaToken and logs in, with recovery codes; a refused answer counts', async () => {
      const account = await createAccount(ctx, Role.Supervisor);
      const first = await passwordStep(ctx, account).expect(200);
      expect(first.body).toEqual({ mfaEnrollmentRequired: true, mfaToken: expect.any(String) });
      const { mfaToken } = first.body;
      const options = async () => (await ctx.http.post(`${BASE}/registration/options`).send({ mfaToken }).expect(200)).body;
      const verify = (body: object) => ctx.http.post(`${BASE}/registration/verify`).set('X-Session', 'cookie').send({ mfaToken, ...body });
      const device = new SoftAuthenticator(ORIGIN);
      await verify({ response: device.register(await options(), { origin: 'https://evil.example' }) }).expect(401);
      const res = await verify({ response: device.register(await options()), name: 'Office key' }).expect(200);
      expect(res.body).toEqual({
        passkey: expect.objectContaining({ name: 'Office key', transports: ['internal'] }),
        recoveryCodes: expect.any(Array),
        accessToken: expect.any(String),
        expiresIn: expect.any(Number),
        user: expect.objectContaining({ id: account.id }),
      });
      expect(res.body.recoveryCodes).toHaveLength(10);
      expect(String(res.headers['set-cookie'])).toMatch(/consult_intake_refresh=[^;]+;.*HttpOnly/);
      expect(await failures(account.id)).toEqual(['verification_failed']);
      // The mfaToken served its login; the next login asks for the passkey.
      await ctx.http.post(`${BASE}/registration/options`).send({ mfaToken }).expect(401);
      const next = await passwordStep(ctx, account).expect(200);
      expect(next.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), methods: ['webauthn', 'recovery_code'] });
      const sessions = await ctx.db.query(`SELECT method FROM auth_sessions WHERE user_id = $1`, [account.id]);
      expect(sessions.rows).toEqual([{ method: 'password+webauthn' }]);
      // A supervisor's last factor cannot be removed.
      await ctx.http
        .delete(`${BASE}/credentials/${res.body.passkey.id}`)
        .set('Authorization', `Bearer ${res.body.accessToken}`)
        .expect(409);
    });

    it('refuses the enrolment routes to an mfaToken of the verify step, and authentication to one of enrolment', async () => {
      const account = await createAccount(ctx, Role.Supervisor);
      const { mfaToken } = (await passwordStep(ctx, account).expect(200)).body;
      await ctx.http.post(`${BASE}/authentication/options`).send({ mfaToken }).expect(401);
      const owner = await accountWithPasskeyOf(Role.Requester);
      const verifyToken = (await passwordStep(ctx, owner.account).expect(200)).body.mfaToken;
      await ctx.http.post(`${BASE}/registration/options`).send({ mfaToken: verifyToken }).expect(401);
    });
  });

  describe('admin factor reset', () => {
    it('removes the user’s passkeys: the next login asks for none', async () => {
      const { account, passkey } = await accountWithPasskeyOf(Role.Requester);
      expect((await passwordStep(ctx, account).expect(200)).body.mfaRequired).toBe(true);
      await admin.auth(ctx.http.post(`/api/v1/users/${account.id}/mfa/reset`)).expect(204);
      const left = await ctx.db.query(`SELECT id FROM webauthn_credentials WHERE id = $1`, [passkey.id]);
      expect(left.rows).toEqual([]);
      const login = await passwordStep(ctx, account).expect(200);
      expect(login.body).toEqual(expect.objectContaining({ accessToken: expect.any(String), user: expect.objectContaining({ id: account.id }) }));
    });
  });

  describe('removing', () => {
    it('removes one’s own passkey; someone else’s is 404', async () => {
      const owner = await logIn(ctx, await createAccount(ctx, Role.Requester, { organizationId: requester.organizationId }));
      const { passkey } = await registerPasskey(owner);
      await requester.auth(ctx.http.delete(`${BASE}/credentials/${passkey.id}`)).expect(404);
      await owner.auth(ctx.http.delete(`${BASE}/credentials/${passkey.id}`)).expect(204);
      await owner.auth(ctx.http.delete(`${BASE}/credentials/${passkey.id}`)).expect(404);
      expect((await owner.auth(ctx.http.get(`${BASE}/credentials`)).expect(200)).body.items).toEqual([]);
      expect(await audit('webauthn.remove')).toEqual([
        expect.objectContaining({ resource_id: passkey.id, actor_id: owner.id, outcome: 'success' }),
      ]);
    });
  });
});
