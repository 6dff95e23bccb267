import { Actors, createActors, loginAs } from '@app/testing/e2e/actors';
import { linkIn, mailCount, mailTo, storedAnywhere } from '@app/testing/e2e/account-link-support';
import { auditEvents } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { SmtpSink } from '@app/testing/e2e/smtp-sink';


const WEB = 'https://intake.example';
const PASSWORD = 'my own long password';

/**
 * Invitations (api.md "Accounts", docs/accounts.md), end to end with the worker and a real SMTP
 * server: an account created without a password gets a one-time link by email where the person
 * sets their own; staff accounts are always invited.
 */
describe('Invitations', () => {
  let sink: SmtpSink;
  let ctx: E2eContext;
  let actors: Actors;
  let seq = 0;

  const invite = (body: Record<string, unknown>) =>
    actors.admin.auth(ctx.http.post('/api/v1/users')).send({ displayName: 'CANARYnameQ4', ...body });
  const newEmail = (role: string) => `invited-${role}-${seq++}@test.example`;
  const accept = (token: string, password = PASSWORD) =>
    ctx.http.post('/api/v1/auth/invitations/accept').send({ token, password });
  const invitationOf = async (email: string, nth = 1) =>
    linkIn(await mailTo(sink, email, nth), WEB, '/invitation');

  beforeAll(async () => {
    sink = await SmtpSink.start();
    ctx = await createE2eContext('invitations', {
      env: { SMTP_URL: sink.url, MAIL_FROM: 'Konsultation <no-reply@intake.example>', WEB_BASE_URL: WEB },
      worker: true,
    });
    actors = await createActors(ctx);
  });
  afterAll(async () => {
    await ctx.close();
    await sink.stop();
  });

  it('invites a staff account: status invited, a mail with a working link, no login until the password is set', async () => {
    const email = newEmail('investigator');
    // Investigator also takes a supervisor's approval (docs/accounts.md "Role grants"): no role until then.
    const asked = await invite({ email, role: 'investigator' }).expect(202);
    const created = { body: asked.body.user };
    expect(created.body).toMatchObject({
      email,
      role: null,
      pendingRole: 'investigator',
      active: true,
      status: 'invited',
    });

    // Invited: the same 401 as a wrong password.
    const invitedLogin = await ctx.http
      .post('/api/v1/auth/login')
      .send({ email, password: PASSWORD })
      .expect(401);
    const wrongPassword = await ctx.http
      .post('/api/v1/auth/login')
      .send({ email: actors.requester.email, password: 'not the password at all' })
      .expect(401);
    expect(invitedLogin.body.detail).toBe(wrongPassword.body.detail);
    expect(invitedLogin.body.title).toBe(wrongPassword.body.title);

    const mail = await mailTo(sink, email);
    expect(mail.subject).toBe('Du har bjudits in till Konsultation');
    expect(mail.text).toContain('72 timmar');
    expect(mail.text).not.toContain('CANARYnameQ4');
    expect(mail.html).not.toContain('CANARYnameQ4');
    const { link, token } = linkIn(mail, WEB, '/invitation');
    expect(mail.html).toContain(`href="${link}"`);
    // The token is nowhere at rest: not in the link's row, the outbox, the delivery, the audit trail.
    expect(await storedAnywhere(ctx, token)).toEqual([]);

    await accept(token).expect(204);
    const login = await loginAs(ctx, email, PASSWORD);
    expect(login.user).toMatchObject({ id: created.body.id, status: 'active' });
    const listed = await actors.admin.auth(ctx.http.get('/api/v1/users?status=active&limit=100')).expect(200);
    expect(listed.body.items.map((u: { id: string }) => u.id)).toContain(created.body.id);

    const trail = await auditEvents(ctx, { resourceId: created.body.id });
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'user.create',
        'user.invitation_created',
        'auth.login_failed',
        'auth.invitation_accepted',
      ]),
    );
    expect(trail.find((e) => e.action === 'auth.login_failed')?.details).toEqual({
      reason: 'invited_account',
    });
    expect(trail.find((e) => e.action === 'auth.invitation_accepted')).toMatchObject({
      actor_id: created.body.id,
      actor_role: 'none',
    });
    expect(JSON.stringify(trail)).not.toContain(token);
  });

  it('refuses a link used twice, an expired one and an unknown one alike (410)', async () => {
    const email = newEmail('admin');
    const { body: user } = await invite({ email, role: 'admin' }).expect(201);
    const { token } = await invitationOf(email);
    await accept(token).expect(204);
    const twice = await accept(token, 'another long password').expect(410);
    expect(twice.headers['content-type']).toMatch(/application\/problem\+json/);
    // The second use changed nothing: the first password still works.
    await loginAs(ctx, email, PASSWORD);

    const late = newEmail('admin');
    await invite({ email: late, role: 'admin' }).expect(201);
    const expired = await invitationOf(late);
    await ctx.db.query(
      `UPDATE account_links SET expires_at = now() - interval '1 second'
       WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
      [late],
    );
    const gone = await accept(expired.token).expect(410);
    expect(gone.body.detail).toBe(twice.body.detail);
    expect((await accept('A'.repeat(43)).expect(410)).body.detail).toBe(twice.body.detail);
    await ctx.http.post('/api/v1/auth/login').send({ email: late, password: PASSWORD }).expect(401);
    expect(user.status).toBe('invited');
  });

  it('answers 400 for a password given to a staff account, and creates nothing', async () => {
    for (const role of ['investigator', 'supervisor', 'admin']) {
      const email = newEmail(role);
      const res = await invite({ email, role, password: 'a staff password set by the admin' }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'password', message: expect.stringContaining('invited') }]);
      const { rows } = await ctx.db.query(`SELECT 1 FROM users WHERE email = $1`, [email]);
      expect(rows).toEqual([]);
    }
  });

  it('lets a requester be given a password (active at once) or be invited', async () => {
    const withPassword = await invite({
      email: newEmail('requester'),
      role: 'requester',
      organizationId: actors.org.id,
      password: 'requester password 1',
    }).expect(201);
    expect(withPassword.body.status).toBe('active');
    await loginAs(ctx, withPassword.body.email, 'requester password 1');

    const email = newEmail('requester');
    const invited = await invite({ email, role: 'requester', organizationId: actors.org.id }).expect(201);
    expect(invited.body.status).toBe('invited');
    await accept((await invitationOf(email)).token).expect(204);
    await loginAs(ctx, email, PASSWORD);
  });

  it('resends: a new link works, the old one stops; only for invited accounts', async () => {
    const email = newEmail('admin');
    const { body: user } = await invite({ email, role: 'admin' }).expect(201);
    const first = await invitationOf(email);
    const resent = await actors.admin.auth(ctx.http.post(`/api/v1/users/${user.id}/invitation`)).expect(202);
    expect(resent.body).toMatchObject({ id: user.id, status: 'invited' });
    const second = await invitationOf(email, 2);
    expect(second.token).not.toBe(first.token);
    await accept(first.token).expect(410);
    await accept(second.token).expect(204);
    expect((await auditEvents(ctx, { action: 'user.invitation_resent', resourceId: user.id })).length).toBe(
      1,
    );

    // Active now: nothing to resend (409); an unknown account is 404; a non-admin 403.
    await actors.admin.auth(ctx.http.post(`/api/v1/users/${user.id}/invitation`)).expect(409);
    await actors.admin
      .auth(ctx.http.post('/api/v1/users/00000000-0000-4000-8000-000000000000/invitation'))
      .expect(404);
    await actors.supervisor.auth(ctx.http.post(`/api/v1/users/${user.id}/invitation`)).expect(403);
    expect(mailCount(sink, email)).toBe(2);
  });

  it('lists invited accounts with their status, and a deactivated invitee cannot accept', async () => {
    const email = newEmail('admin');
    const { body: user } = await invite({ email, role: 'admin' }).expect(201);
    const invited = await actors.admin
      .auth(ctx.http.get('/api/v1/users?status=invited&limit=100'))
      .expect(200);
    expect(invited.body.items.every((u: { status: string }) => u.status === 'invited')).toBe(true);
    expect(invited.body.items.map((u: { id: string }) => u.id)).toContain(user.id);

    const { token } = await invitationOf(email);
    await actors.admin
      .auth(ctx.http.patch(`/api/v1/users/${user.id}`))
      .send({ active: false })
      .expect(200);
    const listed = await actors.admin
      .auth(ctx.http.get('/api/v1/users?status=deactivated&limit=100'))
      .expect(200);
    expect(listed.body.items.map((u: { id: string }) => u.id)).toContain(user.id);
    await accept(token).expect(410);
  });

  it('answers 400 for a short password or a missing token, and keeps the link usable', async () => {
    const email = newEmail('admin');
    await invite({ email, role: 'admin' }).expect(201);
    const { token } = await invitationOf(email);
    const short = await accept(token, 'elevenchars').expect(400);
    expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['password']);
    const missing = await ctx.http
      .post('/api/v1/auth/invitations/accept')
      .send({ password: PASSWORD })
      .expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['token']);
    await accept(token).expect(204);
  });
});
