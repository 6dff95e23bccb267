import { Database, databaseOptions } from '@app/platform';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IdentityConfig } from '../identity.config';
import { SessionLimits } from './session-limits';
import { SessionOrigin, SessionsRepository } from './sessions.repository';

const IDLE_MINUTES = 30;
const MAX_HOURS = 12;
const TTL_DAYS = 14;

/** Logins and their refresh tokens against PostgreSQL: the guard's lookup, rotation, revocation, the list of logins. */
describe('SessionsRepository', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let db: Database;
  let sessions: SessionsRepository;
  let users = 0;

  beforeAll(async () => {
    database = await createTestDatabase('sessionsrepo');
    dataSource = new DataSource(databaseOptions({ url: database.url, poolSize: 4 }));
    await dataSource.initialize();
    db = new Database(dataSource);
    const config = new IdentityConfig({
      SESSION_IDLE_MINUTES: IDLE_MINUTES,
      SESSION_MAX_HOURS: MAX_HOURS,
    } as unknown as ConstructorParameters<typeof IdentityConfig>[0]);
    sessions = new SessionsRepository(db, new SessionLimits(config));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const origin: SessionOrigin = { method: 'password', ip: '203.0.113.7', userAgent: 'Firefox' };
  const hash = () => randomBytes(32);

  async function user(role: string | null = 'investigator'): Promise<string> {
    users += 1;
    const [{ id }] = await dataSource.query(
      `INSERT INTO users (email, display_name, role, password_hash) VALUES ($1, 'U', $2, 'x') RETURNING id`,
      [`session.user${users}@test.example`, role],
    );
    return id;
  }

  async function start(userId: string, token = hash(), from: SessionOrigin = origin): Promise<string> {
    return db.transaction((tx) => sessions.start(tx, userId, token, TTL_DAYS, from));
  }

  const session = async (id: string) =>
    (
      await dataSource.query(
        `SELECT method, ip, user_agent AS "userAgent", revoked_at AS "revokedAt", revoked_reason AS "revokedReason",
                last_used_at AS "lastUsedAt"
         FROM auth_sessions WHERE id = $1`,
        [id],
      )
    )[0];

  /** Moves a login's last use (and opening) back in time, as if it had not been used since. */
  const age = (id: string, lastUsedSecondsAgo: number, createdSecondsAgo = lastUsedSecondsAgo) =>
    dataSource.query(
      `UPDATE auth_sessions SET last_used_at = now() - make_interval(secs => $2), created_at = now() - make_interval(secs => $3)
       WHERE id = $1`,
      [id, lastUsedSecondsAgo, createdSecondsAgo],
    );

  describe('start', () => {
    it('opens a login with its first refresh token, cutting a long User-Agent to what the table holds', async () => {
      const userId = await user();
      const token = hash();
      const id = await start(userId, token, {
        method: 'oidc+totp',
        ip: '198.51.100.1',
        userAgent: 'A'.repeat(600),
      });
      expect(await session(id)).toMatchObject({ method: 'oidc+totp', ip: '198.51.100.1', revokedAt: null });
      expect((await session(id)).userAgent).toHaveLength(512);
      const [refresh] = await dataSource.query(
        `SELECT session_id AS "sessionId", spent_at AS "spentAt",
                round(extract(epoch FROM expires_at - now()) / 86400) AS days
         FROM refresh_tokens WHERE token_hash = $1`,
        [token],
      );
      expect(refresh).toEqual({ sessionId: id, spentAt: null, days: String(TTL_DAYS) });
    });
  });

  describe('findState', () => {
    it("answers a live login's user as the guard needs it, and null for another user's id", async () => {
      const userId = await user('supervisor');
      const other = await user();
      const id = await start(userId);
      expect(await sessions.findState(id, userId)).toEqual({
        role: 'supervisor',
        organizationId: null,
        active: true,
        tokenVersion: 1,
        sessionLive: true,
        sessionExpired: false,
      });
      expect(await sessions.findState(id, other)).toBeNull();
    });

    it('answers NO_ROLE for an account without a role', async () => {
      const userId = await user(null);
      expect(await sessions.findState(await start(userId), userId)).toMatchObject({ role: 'none' });
    });

    it('tells a revoked login from one that ran out of time (idle or too old)', async () => {
      const userId = await user();
      const revoked = await start(userId);
      await db.transaction((tx) => sessions.revoke(tx, revoked, 'logout'));
      expect(await sessions.findState(revoked, userId)).toMatchObject({
        sessionLive: false,
        sessionExpired: false,
      });

      const idle = await start(userId);
      await age(idle, IDLE_MINUTES * 60 + 5);
      expect(await sessions.findState(idle, userId)).toMatchObject({
        sessionLive: false,
        sessionExpired: true,
      });

      const old = await start(userId);
      await age(old, 0, MAX_HOURS * 3600 + 5);
      expect(await sessions.findState(old, userId)).toMatchObject({
        sessionLive: false,
        sessionExpired: true,
      });
    });

    it('moves the last use of a live login only when it is more than a minute old', async () => {
      const userId = await user();
      const recent = await start(userId);
      await age(recent, 10);
      const recentBefore = (await session(recent)).lastUsedAt;
      await sessions.findState(recent, userId);
      expect((await session(recent)).lastUsedAt).toEqual(recentBefore);

      const stale = await start(userId);
      await age(stale, 120);
      const staleBefore = (await session(stale)).lastUsedAt;
      await sessions.findState(stale, userId);
      expect((await session(stale)).lastUsedAt.getTime()).toBeGreaterThan(staleBefore.getTime() + 100_000);

      const idle = await start(userId);
      await age(idle, IDLE_MINUTES * 60 + 5);
      const idleBefore = (await session(idle)).lastUsedAt;
      await sessions.findState(idle, userId);
      expect((await session(idle)).lastUsedAt).toEqual(idleBefore);
    });
  });

  describe('rotate', () => {
    it('spends the token for its client, issues the successor and counts the login as used', async () => {
      const userId = await user();
      const first = hash();
      const second = hash();
      const client = hash();
      const id = await start(userId, first);
      await age(id, 300);
      const usedBefore = (await session(id)).lastUsedAt;

      await db.transaction((tx) => sessions.rotate(tx, first, second, id, TTL_DAYS, client));

      const presented = (token: Buffer, by: Buffer) =>
        db.transaction((tx) => sessions.findPresented(tx, token, by, 10));
      expect(await presented(first, client)).toMatchObject({
        sessionId: id,
        userId,
        spent: true,
        spentJustNowBySameClient: true,
        sessionLive: true,
      });
      expect(await presented(first, hash())).toMatchObject({ spent: true, spentJustNowBySameClient: false });
      expect(await presented(second, client)).toMatchObject({ sessionId: id, spent: false, expired: false });
      expect((await session(id)).lastUsedAt.getTime()).toBeGreaterThan(usedBefore.getTime() + 200_000);
    });

    it('keeps the first spend of a token rotated twice (the second successor is a sibling)', async () => {
      const userId = await user();
      const first = hash();
      const firstClient = hash();
      const id = await start(userId, first);
      await db.transaction((tx) => sessions.rotate(tx, first, hash(), id, TTL_DAYS, firstClient));
      await db.transaction((tx) => sessions.rotate(tx, first, hash(), id, TTL_DAYS, hash()));
      const [spent] = await dataSource.query(
        `SELECT spent_by AS "spentBy" FROM refresh_tokens WHERE token_hash = $1`,
        [first],
      );
      expect(spent.spentBy).toEqual(firstClient);
      const [{ n }] = await dataSource.query(
        `SELECT count(*)::int AS n FROM refresh_tokens WHERE session_id = $1`,
        [id],
      );
      expect(n).toBe(3);
    });
  });

  describe('revoke and revokeOwn', () => {
    it('revokes a login once, recording the reason; a second revocation answers false', async () => {
      const id = await start(await user());
      expect(await db.transaction((tx) => sessions.revoke(tx, id, 'admin'))).toBe(true);
      expect(await db.transaction((tx) => sessions.revoke(tx, id, 'again'))).toBe(false);
      expect(await session(id)).toMatchObject({ revokedAt: expect.any(Date), revokedReason: 'admin' });
    });

    it("answers false and leaves another user's login live", async () => {
      const owner = await user();
      const stranger = await user();
      const id = await start(owner);
      expect(await db.transaction((tx) => sessions.revokeOwn(tx, id, stranger, 'logout'))).toBe(false);
      expect(await session(id)).toMatchObject({ revokedAt: null });
      expect(await sessions.findState(id, owner)).toMatchObject({ sessionLive: true });

      expect(await db.transaction((tx) => sessions.revokeOwn(tx, id, owner, 'logout'))).toBe(true);
      expect(await db.transaction((tx) => sessions.revokeOwn(tx, id, owner, 'logout'))).toBe(false);
      expect(await session(id)).toMatchObject({ revokedReason: 'logout' });
    });
  });

  describe('revokeOthersOfUser', () => {
    it("ends the user's other live logins, counting only those, and touches nobody else's", async () => {
      const userId = await user();
      const neighbour = await user();
      const kept = await start(userId);
      const others = [await start(userId), await start(userId)];
      const alreadyRevoked = await start(userId);
      await db.transaction((tx) => sessions.revoke(tx, alreadyRevoked, 'earlier'));
      const neighbours = await start(neighbour);

      expect(
        await db.transaction((tx) => sessions.revokeOthersOfUser(tx, userId, kept, 'password_changed')),
      ).toBe(2);

      for (const id of others) expect(await session(id)).toMatchObject({ revokedReason: 'password_changed' });
      expect(await session(alreadyRevoked)).toMatchObject({ revokedReason: 'earlier' });
      expect(await session(kept)).toMatchObject({ revokedAt: null });
      expect(await session(neighbours)).toMatchObject({ revokedAt: null });
    });
  });

  describe('listLive', () => {
    it("lists only the user's live logins, the most recently used first", async () => {
      const userId = await user();
      const older = await start(userId, hash(), {
        method: 'password+totp',
        ip: undefined,
        userAgent: undefined,
      });
      const newer = await start(userId);
      await age(older, 600);
      await age(newer, 60);
      const revoked = await start(userId);
      await db.transaction((tx) => sessions.revoke(tx, revoked, 'logout'));
      const expired = await start(userId);
      await age(expired, IDLE_MINUTES * 60 + 5);
      await start(await user());

      const live = await sessions.listLive(userId);
      expect(live.map((s) => s.id)).toEqual([newer, older]);
      expect(live[1]).toEqual({
        id: older,
        createdAt: expect.any(Date),
        lastUsedAt: expect.any(Date),
        ip: null,
        userAgent: null,
        method: 'password+totp',
      });
    });
  });
});
