import { Injectable } from '@nestjs/common';
import { DirectSql } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../access/role';

/** TypeORM answers a top-level UPDATE with [returned rows, affected count], not the rows alone. */
type UpdateResult<R> = [R[], number];

/** What the access guard needs to know about a token's user and login, in one lookup. */
export interface SessionState {
  role: Role;
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
  expired: boolean;
  sessionLive: boolean;
  active: boolean;
  role: Role;
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
      `SELECT u.role, u.organization_id AS "organizationId", u.active, u.token_version AS "tokenVersion",
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

  /** Finds a presented refresh token and locks it, so two concurrent uses of one token serialize. */
  async findPresented(tokenHash: Buffer, manager: EntityManager): Promise<PresentedRefreshToken | null> {
    const rows: PresentedRefreshToken[] = await manager.query(
      `SELECT t.session_id AS "sessionId", s.user_id AS "userId", t.spent_at IS NOT NULL AS spent,
              t.expires_at <= now() AS expired, s.revoked_at IS NULL AS "sessionLive", u.active, u.role,
              u.organization_id AS "organizationId", u.token_version AS "tokenVersion"
       FROM refresh_tokens t
       JOIN auth_sessions s ON s.id = t.session_id
       JOIN users u ON u.id = s.user_id
       WHERE t.token_hash = $1
       FOR UPDATE OF t`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /** Spends the presented token and issues its successor in the same family. */
  async rotate(
    spentHash: Buffer,
    nextHash: Buffer,
    sessionId: string,
    ttlDays: number,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `WITH spent AS (UPDATE refresh_tokens SET spent_at = now() WHERE token_hash = $1)
       INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($2, $3, now() + make_interval(days => $4))`,
      [spentHash, nextHash, sessionId, ttlDays],
    );
  }

  async revoke(sessionId: string, reason: string, manager: EntityManager): Promise<boolean> {
    const [rows]: UpdateResult<unknown> = await manager.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [sessionId, reason],
    );
    return rows.length > 0;
  }

  /** Revokes the login a refresh token belongs to, only if it is `userId`'s. Returns its id, if any. */
  async revokeByToken(
    tokenHash: Buffer,
    userId: string,
    reason: string,
    manager: EntityManager,
  ): Promise<string | null> {
    const [rows]: UpdateResult<{ id: string }> = await manager.query(
      `UPDATE auth_sessions s SET revoked_at = now(), revoked_reason = $3
       FROM refresh_tokens t
       WHERE t.token_hash = $1 AND s.id = t.session_id AND s.user_id = $2 AND s.revoked_at IS NULL
       RETURNING s.id`,
      [tokenHash, userId, reason],
    );
    return rows[0]?.id ?? null;
  }

  async revokeAllOfUser(userId: string, reason: string, manager: EntityManager): Promise<number> {
    const [, count]: UpdateResult<never> = await manager.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, reason],
    );
    return count;
  }
}
