import { Role } from '@app/identity';
import { Actors, createActors, loginAs } from '@app/testing/e2e/actors';
import { createE2eContext, E2eContext } from './support/e2e-context';

describe('Organizations and users (api.md, admin)', () => {
  let ctx: E2eContext;
  let actors: Actors;

  beforeAll(async () => {
    ctx = await createE2eContext('adminaccounts');
    actors = await createActors(ctx);
  });
  afterAll(() => ctx.close());

  const asAdmin = {
    get: (url: string) => actors.admin.auth(ctx.http.get(url)),
    post: (url: string, body: object) => actors.admin.auth(ctx.http.post(url)).send(body),
    patch: (url: string, body: object) => actors.admin.auth(ctx.http.patch(url)).send(body),
  };
  const expectProblem = (res: { status: number; headers: Record<string, string> }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  };
  const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);
  const lastAudit = async (action: string) =>
    (await ctx.db.query(`SELECT actor_id, actor_role, resource_id, details, outcome FROM audit_events WHERE action = $1 ORDER BY seq DESC LIMIT 1`, [action]))
      .rows[0];
  let counter = 0;
  const newUser = (overrides: Record<string, unknown> = {}) => ({
    email: `new-${Date.now()}-${counter++}@test.example`,
    displayName: 'New Person',
    // Admin applies at once; investigator and supervisor wait for a supervisor (test/role-grants).
    role: 'admin',
    ...overrides,
  });

  describe('POST /organizations', () => {
    it('answers 201 with { id, name, kind } and audits organization.create', async () => {
      const res = await asAdmin.post('/api/v1/organizations', { name: '  Solskolan ', kind: 'school' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Solskolan', kind: 'school', createdAt: expect.any(String) });
      expect(await lastAudit('organization.create')).toMatchObject({ actor_id: actors.admin.id, actor_role: 'admin', resource_id: res.body.id });
    });

    it('accepts every kind api.md lists and refuses others with 400', async () => {
      for (const kind of ['school', 'health_care', 'social_services', 'police', 'ngo', 'other']) {
        expect((await asAdmin.post('/api/v1/organizations', { name: `Org ${kind}`, kind })).status).toBe(201);
      }
      const bad = await asAdmin.post('/api/v1/organizations', { name: 'X', kind: 'church' });
      expectProblem(bad, 400);
      expect(fieldsOf(bad)).toEqual(['kind']);
      expect(fieldsOf(await asAdmin.post('/api/v1/organizations', { name: '', kind: 'ngo' }))).toContain('name');
      expect(fieldsOf(await asAdmin.post('/api/v1/organizations', { name: 'Y', kind: 'ngo', id: 'x' }))).toEqual(['id']);
    });
  });

  describe('GET /organizations', () => {
    it('pages through every organization with limit and cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await asAdmin.get(`/api/v1/organizations?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...res.body.items.map((o: { id: string }) => o.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      const { rows } = await ctx.db.query(`SELECT id FROM organizations ORDER BY created_at, id`);
      expect(seen).toEqual(rows.map((r) => r.id));
    });

    it('answers 400 for a limit outside 1..100 or a cursor it did not issue', async () => {
      expect(fieldsOf(await asAdmin.get('/api/v1/organizations?limit=0'))).toEqual(['limit']);
      expect(fieldsOf(await asAdmin.get('/api/v1/organizations?limit=101'))).toEqual(['limit']);
      expectProblem(await asAdmin.get('/api/v1/organizations?cursor=bm9wZQ'), 400);
      expect(fieldsOf(await asAdmin.get('/api/v1/organizations?cursor=%5B%5D'))).toEqual(['cursor']);
    });
  });

  describe('POST /users', () => {
    it('answers 201 with the user, never a password or hash, stores an argon2id hash at OWASP parameters, and audits user.create', async () => {
      const password = 'a-long-enough-password';
      const body = newUser({ role: 'requester', organizationId: actors.org.id, password });
      const res = await asAdmin.post('/api/v1/users', body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: expect.any(String), email: body.email, displayName: 'New Person', role: 'requester', organizationId: actors.org.id, active: true, status: 'active' });
      expect(JSON.stringify(res.body)).not.toMatch(/password|hash|argon/i);
      const { rows } = await ctx.db.query(`SELECT password_hash FROM users WHERE id = $1`, [res.body.id]);
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
      const audit = await lastAudit('user.create');
      expect(audit).toMatchObject({ actor_id: actors.admin.id, resource_id: res.body.id, details: { role: 'requester', organizationId: actors.org.id } });
      expect(JSON.stringify(audit)).not.toContain(password);
      expect((await loginAs(ctx, body.email, password)).user.id).toBe(res.body.id);
    });

    it('answers 409 when the email exists in any letter case', async () => {
      const body = newUser();
      expect((await asAdmin.post('/api/v1/users', body)).status).toBe(201);
      expectProblem(await asAdmin.post('/api/v1/users', { ...body, email: body.email.toUpperCase() }), 409);
      expectProblem(await asAdmin.post('/api/v1/users', { ...body, email: actors.investigator.email.replace(/^./, (c) => c.toUpperCase()) }), 409);
    });

    it('answers 400 when a requester has no organization, or the organization does not exist', async () => {
      const none = await asAdmin.post('/api/v1/users', newUser({ role: 'requester' }));
      expectProblem(none, 400);
      expect(fieldsOf(none)).toEqual(['organizationId']);
      const ghost = await asAdmin.post('/api/v1/users', newUser({ role: 'requester', organizationId: '00000000-0000-4000-8000-000000000000' }));
      expectProblem(ghost, 400);
      expect(fieldsOf(ghost)).toEqual(['organizationId']);
    });

    it('answers 400 for a password under 12 characters, a bad email, an unknown role or an unknown field', async () => {
      expect(fieldsOf(await asAdmin.post('/api/v1/users', newUser({ password: 'elevenchars' })))).toEqual(['password']);
      expect(fieldsOf(await asAdmin.post('/api/v1/users', newUser({ email: 'not-an-email' })))).toEqual(['email']);
      expect(fieldsOf(await asAdmin.post('/api/v1/users', newUser({ role: 'root' })))).toEqual(['role']);
      expect(fieldsOf(await asAdmin.post('/api/v1/users', newUser({ passwordHash: 'x' })))).toEqual(['passwordHash']);
      const requester = { role: 'requester', organizationId: actors.org.id, password: 'twelve-chars' };
      expect((await asAdmin.post('/api/v1/users', newUser(requester))).status).toBe(201);
    });
  });

  describe('GET /users', () => {
    it('filters by role and active, and pages with a cursor', async () => {
      const inactive = await asAdmin.post('/api/v1/users', newUser({ role: 'admin' }));
      await asAdmin.patch(`/api/v1/users/${inactive.body.id}`, { active: false });
      const admins = await asAdmin.get('/api/v1/users?role=admin&limit=100');
      expect(admins.status).toBe(200);
      expect(admins.body.items.every((u: { role: string }) => u.role === 'admin')).toBe(true);
      expect(admins.body.items.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([actors.admin.id, inactive.body.id]));
      const inactiveOnes = await asAdmin.get('/api/v1/users?role=admin&active=false');
      expect(inactiveOnes.body.items.map((u: { id: string }) => u.id)).toEqual([inactive.body.id]);
      const active = await asAdmin.get('/api/v1/users?active=true&limit=100');
      expect(active.body.items.some((u: { id: string }) => u.id === inactive.body.id)).toBe(false);

      const { rows } = await ctx.db.query(`SELECT id FROM users ORDER BY created_at, id`);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await asAdmin.get(`/api/v1/users?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...res.body.items.map((u: { id: string }) => u.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(rows.map((r) => r.id));
      expect(JSON.stringify(active.body)).not.toMatch(/hash|password/i);
    });

    it('answers 400 for an unknown role or a non-boolean active', async () => {
      expect(fieldsOf(await asAdmin.get('/api/v1/users?role=root'))).toEqual(['role']);
      expect(fieldsOf(await asAdmin.get('/api/v1/users?active=maybe'))).toEqual(['active']);
      expect(fieldsOf(await asAdmin.get('/api/v1/users?colour=red'))).toEqual(['colour']);
    });
  });

  describe('PATCH /users/:id', () => {
    it('changes display name, role and active flag, bumps version and audits user.update', async () => {
      const created = (await asAdmin.post('/api/v1/users', newUser({ role: 'requester', organizationId: actors.org.id }))).body;
      const renamed = await asAdmin.patch(`/api/v1/users/${created.id}`, { displayName: 'Renamed Person' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ id: created.id, displayName: 'Renamed Person', version: created.version + 1 });
      const changed = await asAdmin.patch(`/api/v1/users/${created.id}`, { role: 'admin', active: false });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ role: 'admin', pendingRole: null, active: false, version: created.version + 2 });
      expect(await lastAudit('user.update')).toMatchObject({
        actor_id: actors.admin.id,
        resource_id: created.id,
        details: { changed: ['role', 'active'], role: 'admin', active: false, sessionsRevoked: true },
      });
    });

    it('honours If-Match: the current version succeeds, a stale one is 412, a malformed one 400', async () => {
      const created = (await asAdmin.post('/api/v1/users', newUser())).body;
      const ok = await actors.admin.auth(ctx.http.patch(`/api/v1/users/${created.id}`)).set('If-Match', String(created.version)).send({ displayName: 'One' });
      expect(ok.status).toBe(200);
      const stale = await actors.admin.auth(ctx.http.patch(`/api/v1/users/${created.id}`)).set('If-Match', `"${created.version}"`).send({ displayName: 'Two' });
      expectProblem(stale, 412);
      const bad = await actors.admin.auth(ctx.http.patch(`/api/v1/users/${created.id}`)).set('If-Match', 'abc').send({ displayName: 'Two' });
      expectProblem(bad, 400);
    });

    it('answers 404 for an unknown id, 400 for a malformed id or an empty change', async () => {
      expectProblem(await asAdmin.patch('/api/v1/users/00000000-0000-4000-8000-000000000000', { displayName: 'X' }), 404);
      expectProblem(await asAdmin.patch('/api/v1/users/not-a-uuid', { displayName: 'X' }), 400);
      expectProblem(await asAdmin.patch(`/api/v1/users/${actors.investigator2.id}`, {}), 400);
      expect(fieldsOf(await asAdmin.patch(`/api/v1/users/${actors.investigator2.id}`, { password: 'new-password-123' }))).toEqual(['password']);
    });

    it('refuses to make a user without an organization a requester (400)', async () => {
      const res = await asAdmin.patch(`/api/v1/users/${actors.investigator2.id}`, { role: 'requester' });
      expectProblem(res, 400);
      expect(fieldsOf(res)).toEqual(['role']);
    });

    it('refuses an admin changing their own role or active flag (409)', async () => {
      expectProblem(await asAdmin.patch(`/api/v1/users/${actors.admin.id}`, { active: false }), 409);
      expectProblem(await asAdmin.patch(`/api/v1/users/${actors.admin.id}`, { role: Role.Supervisor }), 409);
      expect((await asAdmin.patch(`/api/v1/users/${actors.admin.id}`, { displayName: 'Chief' })).status).toBe(200);
    });
  });

  it('answers 403 to every other role on the admin routes', async () => {
    for (const actor of [actors.requester, actors.investigator, actors.supervisor]) {
      expectProblem(await actor.auth(ctx.http.get('/api/v1/users')), 403);
      expectProblem(await actor.auth(ctx.http.post('/api/v1/organizations')).send({ name: 'X', kind: 'ngo' }), 403);
    }
  });
});
