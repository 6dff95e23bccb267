import { Injectable } from '@nestjs/common';
import { DirectSql } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { NO_ROLE } from '../access/role';

/** TypeORM answers a top-level UPDATE with [returned rows, affected count], not the rows alone. */
type UpdateResult<R> = [R[], number];

/** What the access guard needs to know about a token's user and login, in one lookup. */
export interface SessionState {
  /** The account's role, or NO_ROLE while it has none (a staff-role grant pending). */
  role: string;
  organizationId: string | null;
  active: boolean;
  tokenVersion: number;
  sessionLive: boolean;
}

/** A refresh token as found at rotation time (row-locked). */
export interface PresentedRefreshToken {
  sessionId: string;
  userId: string;
  spent: boolean;
  /** Spent within the reuse window by the same client (same IP and User-Agent) that presents it now. */
  spentJustNowBySameClient: boolean;
  expired: boolean;
  sessionLive: boolean;
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
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: DirectSql,
  ) {}

  /** Two primary-key lookups in one round trip, on every authenticated request (so on DirectSql). */
  async findState(sessionId: string, userId: string): Promise<SessionState | null> {
    const rows: SessionState[] = await this.sql.query(
      `SELECT COALESCE(u.role, '${NO_ROLE}') AS role, u.organization_id AS "organizationId", u.active, u.token_version AS "tokenVersion",
              s.revoked_at IS NULL AS "sessionLive"
       FROM auth_sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = $1 AND s.user_id = $2`,
      [sessionId, userId],
    );
    return rows[0] ?? null;
  }

  /** Starts a login: a new session with its first refresh token. Returns the session id. */
  async start(userId: string, tokenHash: Buffer, ttlDays: number, manager: EntityManager): Promise<string> {
    const rows: { sessionId: string }[] = await manager.query(
      `WITH s AS (INSERT INTO auth_sessions (user_id) VALUES ($1) RETURNING id)
       INSERT INTO refresh_tokens (token_hash, session_id, expires_at)
       SELECT $2, s.id, now() + make_interval(days => $3) FROM s
       RETURNING session_id AS "sessionId"`,
      [userId, tokenHash, ttlDays],
    );
    return rows[0].sessionId;
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
              t.expires_at <= now() AS expired, s.revoked_at IS NULL AS "sessionLive", u.active, COALESCE(u.role, '${NO_ROLE}') AS role,
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
   * same family. A token spent already keeps its first spend (a reuse-window successor is a sibling).
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
      `WITH spent AS (UPDATE refresh_tokens SET spent_at = now(), spent_by = $5 WHERE token_hash = $1 AND spent_at IS NULL)
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

  async revokeAllOfUser(userId: string, reason: string, manager: EntityManager): Promise<number> {
    const [, count]: UpdateResult<never> = await manager.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, reason],
    );
    return count;
  }
}
