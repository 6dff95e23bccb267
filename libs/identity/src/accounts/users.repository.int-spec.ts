import { Database, databaseOptions, encodeCursor, ValidationFailedError } from '@app/platform';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { DataSource } from 'typeorm';
import { Role } from '../access/role';
import { NewUser, UsersRepository } from './users.repository';

/** The users table against PostgreSQL: the email's normal form, versioned updates, paging, the admin check. */
describe('UsersRepository', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let db: Database;
  let users: UsersRepository;
  let organizationId: string;
  let created = 0;

  beforeAll(async () => {
    database = await createTestDatabase('usersrepo');
    dataSource = new DataSource(databaseOptions({ url: database.url, poolSize: 4 }));
    await dataSource.initialize();
    db = new Database(dataSource);
    users = new UsersRepository(db);
    [{ id: organizationId }] = await dataSource.query(
      `INSERT INTO organizations (name, kind) VALUES ('Org', 'school') RETURNING id`,
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const newUser = (overrides: Partial<NewUser> = {}): NewUser => {
    created += 1;
    return {
      email: `user${created}@test.example`,
      displayName: `User ${created}`,
      role: Role.Investigator,
      organizationId: null,
      passwordHash: 'hash',
      ...overrides,
    };
  };

  const insert = async (overrides: Partial<NewUser> = {}) => {
    const user = await db.transaction((tx) => users.insert(tx, newUser(overrides)));
    if (!user) throw new Error('the fixture account was not inserted');
    return user;
  };

  const tokenVersion = async (id: string): Promise<number> =>
    (await dataSource.query(`SELECT token_version AS v FROM users WHERE id = $1`, [id]))[0].v;

  describe('insert', () => {
    it('answers the new account with its derived status and first version', async () => {
      const active = await insert({ email: 'new.active@test.example' });
      const invited = await insert({ email: 'new.invited@test.example', passwordHash: null, role: null });
      expect(active).toMatchObject({
        email: 'new.active@test.example',
        role: 'investigator',
        pendingRole: null,
        active: true,
        status: 'active',
        version: 1,
      });
      expect(invited).toMatchObject({ role: null, status: 'invited' });
      expect(active.createdAt).toBeInstanceOf(Date);
    });

    const fullWidth = (email: string) =>
      email.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

    it.each([
      ['another letter case', (email: string) => email.toUpperCase()],
      ['a dotted capital İ', (email: string) => email.replace(/i/g, 'İ')],
      ['full-width letters', fullWidth],
    ])('answers null and writes nothing for an email taken under %s', async (_variant, variantOf) => {
      const existing = await insert({ email: `iris${created}@test.example` });
      const count = async () => (await dataSource.query(`SELECT count(*)::int AS n FROM users`))[0].n;
      const before = await count();
      const variant = variantOf(existing.email);
      expect(variant).not.toBe(existing.email);
      expect(await db.transaction((tx) => users.insert(tx, newUser({ email: variant })))).toBeNull();
      expect(await count()).toBe(before);
    });
  });

  describe('findLoginCandidate', () => {
    it('finds the account by any variant of its email, with its hash and token version', async () => {
      const user = await insert({ email: 'anni@test.example', passwordHash: 'the-hash' });
      const candidate = await users.findLoginCandidate(db, '  ANNİ@Test.Example ');
      expect(candidate).toMatchObject({ id: user.id, passwordHash: 'the-hash', tokenVersion: 1 });
    });

    it('answers an invited account with a null hash, and null for an unknown email', async () => {
      const invited = await insert({ email: 'invited.login@test.example', passwordHash: null });
      expect(await users.findLoginCandidate(db, 'invited.login@test.example')).toMatchObject({
        id: invited.id,
        passwordHash: null,
      });
      expect(await users.findLoginCandidate(db, 'nobody@test.example')).toBeNull();
    });
  });

  describe('update', () => {
    it('applies a change at the expected version and bumps it; a stale version changes nothing', async () => {
      const user = await insert();
      const changed = await db.transaction((tx) => users.update(tx, user.id, { displayName: 'Renamed' }, 1));
      expect(changed).toMatchObject({
        user: { id: user.id, displayName: 'Renamed', version: 2, role: 'investigator' },
        credentialsChanged: false,
        previousRole: 'investigator',
      });
      expect(await tokenVersion(user.id)).toBe(1);

      expect(await db.transaction((tx) => users.update(tx, user.id, { displayName: 'Stale' }, 1))).toBeNull();
      expect(await users.findById(db, user.id)).toMatchObject({ displayName: 'Renamed', version: 2 });
    });

    it('ends earlier access tokens on a role change or a deactivation, not on a rename', async () => {
      const user = await insert();
      const promoted = await db.transaction((tx) =>
        users.update(tx, user.id, { role: Role.Supervisor }, undefined),
      );
      expect(promoted).toMatchObject({
        user: { role: 'supervisor', version: 2 },
        credentialsChanged: true,
        previousRole: 'investigator',
      });
      expect(await tokenVersion(user.id)).toBe(2);

      const sameRole = await db.transaction((tx) => users.update(tx, user.id, { role: Role.Supervisor }, 2));
      expect(sameRole?.credentialsChanged).toBe(false);
      expect(await tokenVersion(user.id)).toBe(2);

      const deactivated = await db.transaction((tx) => users.update(tx, user.id, { active: false }, 3));
      expect(deactivated).toMatchObject({
        user: { active: false, status: 'deactivated', version: 4 },
        credentialsChanged: true,
      });
      expect(await tokenVersion(user.id)).toBe(3);
    });

    it('answers null for an absent account', async () => {
      const absent = '00000000-0000-4000-8000-000000000000';
      expect(
        await db.transaction((tx) => users.update(tx, absent, { displayName: 'X' }, undefined)),
      ).toBeNull();
    });
  });

  describe('applyRole', () => {
    it('gives an active account the role, bumping its version and token version', async () => {
      const user = await insert({ role: null, passwordHash: null });
      const applied = await db.transaction((tx) => users.applyRole(tx, user.id, Role.Investigator));
      expect(applied).toMatchObject({
        user: { id: user.id, role: 'investigator', version: 2 },
        previousRole: null,
      });
      expect(await tokenVersion(user.id)).toBe(2);
    });

    it('answers null and changes nothing for a deactivated account', async () => {
      const user = await insert({ role: null });
      await db.transaction((tx) => users.update(tx, user.id, { active: false }, 1));
      expect(await db.transaction((tx) => users.applyRole(tx, user.id, Role.Supervisor))).toBeNull();
      expect(await users.findById(db, user.id)).toMatchObject({ role: null, version: 2 });
    });
  });

  describe('list', () => {
    it('pages one filter in creation order with the platform cursor, ties broken by id, each row once', async () => {
      const [{ id: pagedOrg }] = await dataSource.query(
        `INSERT INTO organizations (name, kind) VALUES ('Paged', 'school') RETURNING id`,
      );
      // One transaction: every row gets the same created_at, so only the id orders them.
      const ids = await db.transaction(async (tx) => {
        const made: string[] = [];
        for (let i = 0; i < 5; i++) {
          const user = await users.insert(tx, newUser({ role: Role.Requester, organizationId: pagedOrg }));
          made.push(user!.id);
        }
        return made;
      });
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await users.list({ organizationId: pagedOrg }, { limit: 2, cursor });
        pages += 1;
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((user) => user.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual([...ids].sort());
    });

    it('filters by status and role', async () => {
      const invited = await insert({ role: Role.Requester, organizationId, passwordHash: null });
      const page = await users.list({ status: 'invited', role: Role.Requester }, { limit: 100 });
      expect(page.items.map((user) => user.id)).toEqual([invited.id]);
      expect(page.nextCursor).toBeNull();
    });

    it('refuses a cursor another list issued, and a page size out of range', async () => {
      const foreign = encodeCursor('consultations', ['2026-01-01T00:00:00Z', organizationId]);
      await expect(users.list({}, { cursor: foreign })).rejects.toBeInstanceOf(ValidationFailedError);
      await expect(users.list({}, { limit: 101 })).rejects.toBeInstanceOf(ValidationFailedError);
    });
  });

  describe('existsActiveAdmin', () => {
    it('is true only while an active admin exists', async () => {
      expect(await users.existsActiveAdmin(db)).toBe(false);
      const admin = await insert({ role: Role.Admin });
      expect(await users.existsActiveAdmin(db)).toBe(true);
      await db.transaction((tx) => users.update(tx, admin.id, { active: false }, 1));
      expect(await users.existsActiveAdmin(db)).toBe(false);
    });
  });
});
