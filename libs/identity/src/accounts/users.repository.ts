import { Injectable } from '@nestjs/common';
import { CURSOR_AT_SQL, decodePosition, Page, PageRequest, pageSize, positionCursor, toPage } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../access/role';
import { Locale, MailContact, User, UserFilter } from './user';

/** An account's status (UserStatus) from its row, aliased `u`. */
const STATUS_SQL = `CASE WHEN NOT u.active THEN 'deactivated' WHEN u.password_hash IS NULL THEN 'invited' ELSE 'active' END`;

/** The role of an account's pending grant (at most one: role_grants_one_pending), from its row aliased `u`. */
const PENDING_ROLE_SQL = `(SELECT g.role FROM role_grants g WHERE g.user_id = u.id AND g.status = 'pending')`;

/** The columns of a `User`, from `users u` (shared with the queries that join an account to its own rows). */
export const USER_COLUMNS = `u.id, u.email, u.display_name AS "displayName", u.role, ${PENDING_ROLE_SQL} AS "pendingRole",
  u.organization_id AS "organizationId", u.active, ${STATUS_SQL} AS status, u.version, u.created_at AS "createdAt",
  u.updated_at AS "updatedAt"`;

/** What login needs: the account plus its hash. Stays inside the identity lib. */
export interface LoginCandidate extends User {
  /** Null for an invited account (no password yet). */
  passwordHash: string | null;
  tokenVersion: number;
}

export interface NewUser {
  email: string;
  displayName: string;
  /** Null: no role until a pending grant is approved. */
  role: Role | null;
  organizationId: string | null;
  /** Null: the account is invited and sets its own password. */
  passwordHash: string | null;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  active?: boolean;
}

/** The users table. Only this class writes SQL about accounts. */
@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** By the email's normal form (emailKey; the unique index users_email_key serves it). */
  async findLoginCandidate(email: string, manager: EntityManager = this.dataSource.manager): Promise<LoginCandidate | null> {
    const rows: LoginCandidate[] = await manager.query(
      `SELECT ${USER_COLUMNS}, password_hash AS "passwordHash", token_version AS "tokenVersion"
       FROM users u WHERE email_key(u.email) = email_key($1)`,
      [email.trim()],
    );
    return rows[0] ?? null;
  }

  /** What a password change checks: the account's email (the throttle's key) and its hash (null: none). */
  async findCredentials(id: string): Promise<{ email: string; passwordHash: string | null } | null> {
    const rows: { email: string; passwordHash: string | null }[] = await this.dataSource.query(
      `SELECT email, password_hash AS "passwordHash" FROM users WHERE id = $1 AND active`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Replaces the password hash of a user changing their own password. Unlike setPassword, the token
   * version stays: the caller's own login goes on (their other logins are revoked one by one).
   */
  async setPasswordHash(id: string, passwordHash: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE users SET password_hash = $2, version = version + 1, updated_at = now() WHERE id = $1`, [
      id,
      passwordHash,
    ]);
  }

  /** With `lock`, the row is locked (FOR UPDATE) in the caller's transaction. */
  async findById(id: string, manager: EntityManager = this.dataSource.manager, { lock = false } = {}): Promise<User | null> {
    const rows: User[] = await manager.query(`SELECT ${USER_COLUMNS} FROM users u WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  /** Display names by id (one statement); ids without an account are left out. */
  async displayNames(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; displayName: string }[] = await manager.query(
      `SELECT id, display_name AS "displayName" FROM users WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.displayName]));
  }

  /** Inserts unless the email exists under the same normal form (any letter case, NFKC variants); null means it did. */
  async insert(user: NewUser, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    const rows: User[] = await manager.query(
      `WITH u AS (
         INSERT INTO users (email, display_name, role, organization_id, password_hash)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ((email_key(email))) DO NOTHING
         RETURNING *
       ) SELECT ${USER_COLUMNS} FROM u`,
      [user.email, user.displayName, user.role, user.organizationId, user.passwordHash],
    );
    return rows[0] ?? null;
  }

  /**
   * Applies `changes` when `expectedVersion` (if given) still matches. A role change or
   * deactivation bumps `token_version`, which ends every access token issued before it
   * (`credentialsChanged`). Null means no row matched: absent, or a stale version.
   */
  async update(
    id: string,
    changes: UserChanges,
    expectedVersion: number | undefined,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ user: User; credentialsChanged: boolean; previousRole: Role | null } | null> {
    // TypeORM answers a top-level UPDATE with [returned rows, affected count].
    const [rows]: [(User & { credentialsChanged: boolean; previousRole: Role | null })[], number] = await manager.query(
      `UPDATE users u SET
         display_name = COALESCE($2, o.display_name),
         role = COALESCE($3, o.role),
         active = COALESCE($4, o.active),
         token_version = o.token_version
           + CASE WHEN COALESCE($3, o.role) IS DISTINCT FROM o.role OR COALESCE($4, o.active) <> o.active THEN 1 ELSE 0 END,
         version = o.version + 1,
         updated_at = now()
       FROM users o
       WHERE u.id = $1 AND o.id = u.id AND ($5::int IS NULL OR o.version = $5)
       RETURNING ${USER_COLUMNS},
                 u.token_version <> o.token_version AS "credentialsChanged", o.role AS "previousRole"`,
      [id, changes.displayName ?? null, changes.role ?? null, changes.active ?? null, expectedVersion ?? null],
    );
    if (!rows[0]) return null;
    const { credentialsChanged, previousRole, ...user } = rows[0];
    return { user, credentialsChanged, previousRole };
  }

  /**
   * Gives the account `role` (an approved grant, or the first supervisor) when it is still active:
   * its access tokens end (token version), like any role change. Null: no such active account.
   */
  async applyRole(
    id: string,
    role: Role,
    manager: EntityManager,
  ): Promise<{ user: User; previousRole: Role | null } | null> {
    const [rows]: [(User & { previousRole: Role | null })[], number] = await manager.query(
      `UPDATE users u SET role = $2, token_version = o.token_version + 1, version = o.version + 1, updated_at = now()
       FROM users o
       WHERE u.id = $1 AND o.id = u.id AND o.active
       RETURNING ${USER_COLUMNS}, o.role AS "previousRole"`,
      [id, role],
    );
    if (!rows[0]) return null;
    const { previousRole, ...user } = rows[0];
    return { user, previousRole };
  }

  async list(filter: UserFilter, page: PageRequest): Promise<Page<User>> {
    const size = pageSize(page.limit);
    const after = decodePosition('users', page.cursor);
    const rows: (User & { cursorAt: string })[] = await this.dataSource.query(
      `SELECT ${USER_COLUMNS}, ${CURSOR_AT_SQL('u.created_at')} AS "cursorAt"
       FROM users u
       WHERE ($1::text IS NULL OR u.role = $1)
         AND ($2::boolean IS NULL OR u.active = $2)
         AND ($3::uuid IS NULL OR u.organization_id = $3)
         AND ($4::timestamptz IS NULL OR (u.created_at, u.id) > ($4::timestamptz, $5::uuid))
         AND ($7::text IS NULL OR ${STATUS_SQL} = $7)
       ORDER BY u.created_at, u.id
       LIMIT $6`,
      [
        filter.role ?? null,
        filter.active ?? null,
        filter.organizationId ?? null,
        after?.at ?? null,
        after?.id ?? null,
        size + 1,
        filter.status ?? null,
      ],
    );
    return toPage(rows, size, ({ cursorAt: _, ...user }) => user, positionCursor('users'));
  }

  /**
   * Sets the password of an account (an invitation accepted, a reset completed) and moves its token
   * version, so every access token issued before stops working. Answers the account.
   */
  async setPassword(id: string, passwordHash: string, manager: EntityManager): Promise<User> {
    const [rows]: [User[], number] = await manager.query(
      `UPDATE users u SET password_hash = $2, token_version = u.token_version + 1, version = u.version + 1, updated_at = now()
       WHERE u.id = $1
       RETURNING ${USER_COLUMNS}`,
      [id, passwordHash],
    );
    return rows[0];
  }

  async existsActiveAdmin(manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM users WHERE role = 'admin' AND active LIMIT 1`);
    return rows.length > 0;
  }

  async findMailContact(id: string, manager: EntityManager = this.dataSource.manager): Promise<MailContact | null> {
    const rows: MailContact[] = await manager.query(`SELECT id, email, locale, active FROM users WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findLocale(id: string, manager: EntityManager = this.dataSource.manager): Promise<Locale | null> {
    const rows: { locale: Locale }[] = await manager.query(`SELECT locale FROM users WHERE id = $1`, [id]);
    return rows[0]?.locale ?? null;
  }

  /** The user's language; false when there is no such user. */
  async setLocale(id: string, locale: Locale, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH changed AS (UPDATE users SET locale = $2 WHERE id = $1 RETURNING id) SELECT id FROM changed`,
      [id, locale],
    );
    return rows.length === 1;
  }
}
