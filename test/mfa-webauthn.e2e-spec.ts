/**
 * Passkeys (WebAuthn) as a second factor: docs/api.md "Second factor", docs/accounts.md "Passkeys".
 * A software authenticator (test/support/soft-authenticator.ts) with a real ES256 key answers the
 * service's real options; tampered answers must be refused and audited.
 */
import { Role } from '@app/identity';
import { Actor, createActors, logIn, createAccount } from './support/actors';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { SoftAuthenticator } from './support/soft-authenticator';

const ORIGIN = 'https://intake.example.test';
const RP_ID = 'intake.example.test';
const BASE = '/api/v1/auth/webauthn';

describe('passkeys (WebAuthn)', () => {
  let ctx: E2eContext;
  let requester: Actor;
  let investigator: Actor;

  beforeAll(async () => {
    ctx = await createE2eContext('mfa-webauthn', { env: { WEBAUTHN_ORIGIN: ORIGIN, THROTTLE_IP_LIMIT: '10000' } });
    ({ requester, investigator } = await createActors(ctx));
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

  async function registerPasskey(actor: Actor, device = new SoftAuthenticator(ORIGIN), name?: string) {
    const options = await registrationOptions(actor);
    const res = await verifyRegistration(actor, { response: device.register(options), ...(name ? { name } : {}) }).expect(201);
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

    it('excludes the caller’s passkeys in the next options and names the next one Passkey N', async () => {
      const actor = await logIn(ctx, await createAccount(ctx, Role.Requester, { organizationId: requester.organizationId }));
      const { device } = await registerPasskey(actor);
      const options = await registrationOptions(actor);
      expect(options.excludeCredentials).toEqual([{ id: device.credentialId, type: 'public-key', transports: ['internal'] }]);
      const second = await verifyRegistration(actor, { response: new SoftAuthenticator(ORIGIN).register(options) }).expect(201);
      expect(second.body.passkey.name).toBe('Passkey 2');
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
      await verifyRegistration(investigator, { response: answer }).expect(201);
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
