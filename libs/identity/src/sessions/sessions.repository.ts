import { Injectable } from '@nestjs/common';
import { DirectSql } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { ActorRole, NO_ROLE } from '../access/role';
import { SessionLimits } from './session-limits';

/** TypeORM answers a top-level UPDATE with [returned rows, affected count], not the rows alone. */
type UpdateResult<R> = [R[], number];

/** How a login was opened (stored in auth_sessions.method; the migration's CHECK lists the same). */
export const SESSION_METHODS = [
  'password',
  'password+totp',
  'password+webauthn',
  'password+recovery_code',
  'oidc',
  'oidc+totp',
  'oidc+webauthn',
  'oidc+recovery_code',
] as const;
export type SessionMethod = (typeof SESSION_METHODS)[number];

/** The client that opens a login, as the user will see it in their list of logins. */
export interface SessionOrigin {
  method: SessionMethod;
  ip: string | undefined;
  userAgent: string | undefined;
}

/** One of a user's live logins, as GET /auth/sessions lists it. */
export interface SessionSummary {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  ip: string | null;
  userAgent: string | null;
  method: SessionMethod;
}

/** At most this many of a user's live logins are listed (the most recently used first). */
export const SESSION_LIST_LIMIT = 100;
const USER_AGENT_MAX = 512;
const IP_MAX = 64;

/** What the access guard needs to know about a token's user and login, in one lookup. */
export interface SessionState {
  /** The account's role, or NO_ROLE while it has none (a staff-role grant pending). */
  role: ActorRole;
  organizationId: string | null;
  active: boolean;
  tokenVersion: number;
  /** Neither revoked nor out of time. */
  sessionLive: boolean;
  /** Out of time (idle or too old); tells the refusal's reason apart from a revocation. */
  sessionExpired: boolean;
}

/** A refresh token as found at rotation time (row-locked). */
export interface PresentedRefreshToken {
  sessionId: string;
  userId: string;
  spent: boolean;
  /** Spent within the reuse window by the same client (same IP and User-Agent) that presents it now. */
  spentJustNowBySameClient: boolean;
  expired: boolean;
  /** Not revoked. */
  sessionLive: boolean;
  /** The login ran out of time (SESSION_IDLE_MINUTES or SESSION_MAX_HOURS). */
  sessionExpired: boolean;
  active: boolean;
  /** As SessionState.role. */
  role: string;
  organizationId: string | null;
  tokenVersion: number;
}

/**
 * Login sessions (refresh-token families) and their refresh tokens, stored only as SHA-256 hashes.
 */
@Injectable()
export class SessionsRepository {
  private readonly stateSql: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: DirectSql,
    private readonly limits: SessionLimits,
  ) {
    // Runs on every authenticated request, the intake included, so it stays ONE round trip: two
    // primary-key lookups, plus a conditional UPDATE in the same statement that moves last_used_at
    // only when it is more than `touchAfterSeconds` (a minute) old and the login is still live. A
    // login in use thus costs one small write a minute, not one per request, and needs no second
    // statement or Redis; touching only on refresh would have been cheaper still but would let the
    // idle limit drift by an access token's lifetime (JWT_ACCESS_TTL_SECONDS, 15 minutes). The SELECT
    // sees the row as it was before the UPDATE, so liveness is judged on the previous use.
    this.stateSql = `WITH touched AS (
         UPDATE auth_sessions t SET last_used_at = now()
         WHERE t.id = $1 AND t.user_id = $2 AND t.last_used_at < now() - interval '${limits.touchAfterSeconds} seconds'
           AND ${limits.live('t')})
       SELECT COALESCE(u.role, '${NO_ROLE}') AS role, u.organization_id AS "organizationId", u.active, u.token_version AS "tokenVersion",
              ${limits.live('s')} AS "sessionLive", ${limits.expired('s')} AS "sessionExpired"
       FROM auth_sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = $1 AND s.user_id = $2`;
  }

  /** The access guard's lookup (see the constructor), on DirectSql like every hot path. */
  async findState(sessionId: string, userId: string): Promise<SessionState | null> {
    const rows: SessionState[] = await this.sql.query(this.stateSql, [sessionId, userId]);
    return rows[0] ?? null;
  }

  /**
   * Starts a login: a new session with its first refresh token, recording how it was opened and from
   * which client (the IP and User-Agent are cut to what the table holds). Returns the session id.
   */
  async start(
    userId: string,
    tokenHash: Buffer,
    ttlDays: number,
    manager: EntityManager,
    origin: SessionOrigin,
  ): Promise<string> {
    const rows: { sessionId: string }[] = await manager.query(
      `WITH s AS (INSERT INTO auth_sessions (user_id, method, ip, user_agent) VALUES ($1, $4, $5, $6) RETURNING id)
       INSERT INTO refresh_tokens (token_hash, session_id, expires_at)
       SELECT $2, s.id, now() + make_interval(days => $3) FROM s
       RETURNING session_id AS "sessionId"`,
      [
        userId,
        tokenHash,
        ttlDays,
        origin.method,
        origin.ip?.slice(0, IP_MAX) ?? null,
        origin.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
      ],
    );
    return rows[0].sessionId;
  }

  /** The user's live logins (not revoked, not out of time), the most recently used first. */
  async listLive(userId: string): Promise<SessionSummary[]> {
    return this.dataSource.query(
      `SELECT s.id, s.created_at AS "createdAt", s.last_used_at AS "lastUsedAt", s.ip, s.user_agent AS "userAgent", s.method
       FROM auth_sessions s
       WHERE s.user_id = $1 AND ${this.limits.live('s')}
       ORDER BY s.last_used_at DESC, s.id
       LIMIT ${SESSION_LIST_LIMIT}`,
      [userId],
    );
  }

  /**
   * Finds a presented refresh token and locks it, so two concurrent uses of one token serialize.
   * `client` is the hash of the presenting client; `reuseWindowSeconds` how recently a spend by that
   * same client counts as "just now".
   */
  async findPresented(
    tokenHash: Buffer,
    client: Buffer,
    reuseWindowSeconds: number,
    manager: EntityManager,
  ): Promise<PresentedRefreshToken | null> {
    const rows: PresentedRefreshToken[] = await manager.query(
      `SELECT t.session_id AS "sessionId", s.user_id AS "userId", t.spent_at IS NOT NULL AS spent,
              COALESCE(t.spent_at > now() - make_interval(secs => $3) AND t.spent_by = $2, false) AS "spentJustNowBySameClient",
              t.expires_at <= now() AS expired, s.revoked_at IS NULL AS "sessionLive",
              ${this.limits.expired('s')} AS "sessionExpired", u.active, COALESCE(u.role, '${NO_ROLE}') AS role,
              u.organization_id AS "organizationId", u.token_version AS "tokenVersion"
       FROM refresh_tokens t
       JOIN auth_sessions s ON s.id = t.session_id
       JOIN users u ON u.id = s.user_id
       WHERE t.token_hash = $1
       FOR UPDATE OF t`,
      [tokenHash, client, reuseWindowSeconds],
    );
    return rows[0] ?? null;
  }

  /**
   * Spends the presented token (recording which client spent it) and issues its successor in the
   * same family; the login counts as used now. A token spent already keeps its first spend (a
   * reuse-window successor is a sibling).
   */
  async rotate(
    spentHash: Buffer,
    nextHash: Buffer,
    sessionId: string,
    ttlDays: number,
    client: Buffer,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `WITH spent AS (UPDATE refresh_tokens SET spent_at = now(), spent_by = $5 WHERE token_hash = $1 AND spent_at IS NULL),
            used AS (UPDATE auth_sessions SET last_used_at = now() WHERE id = $3)
       INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($2, $3, now() + make_interval(days => $4))`,
      [spentHash, nextHash, sessionId, ttlDays, client],
    );
  }

  async revoke(sessionId: string, reason: string, manager: EntityManager): Promise<boolean> {
    const [rows]: UpdateResult<unknown> = await manager.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [sessionId, reason],
    );
    return rows.length > 0;
  }

  /** Revokes one login of `userId` (the one an access token belongs to). False when it was already revoked. */
  async revokeOwn(sessionId: string, userId: string, reason: string, manager: EntityManager): Promise<boolean> {
    const [rows]: UpdateResult<unknown> = await manager.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $3
       WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id`,
      [sessionId, userId, reason],
    );
    return rows.length > 0;
  }

  /** Whose login this is (null: no such login). */
  async findOwner(sessionId: string, manager: EntityManager): Promise<string | null> {
    const rows: { userId: string }[] = await manager.query(`SELECT user_id AS "userId" FROM auth_sessions WHERE id = $1`, [sessionId]);
    return rows[0]?.userId ?? null;
  }

  /** Revokes every live login of `userId` but `keepSessionId`. Returns how many ended. */
  async revokeOthersOfUser(userId: string, keepSessionId: string, reason: string, manager: EntityManager): Promise<number> {
    const [, count]: UpdateResult<never> = await manager.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $3 WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`,
      [userId, keepSessionId, reason],
    );
    return count;
  }

  async revokeAllOfUser(userId: string, reason: string, manager: EntityManager): Promise<number> {
    const [, count]: UpdateResult<never> = await manager.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, reason],
    );
    return count;
  }
}
