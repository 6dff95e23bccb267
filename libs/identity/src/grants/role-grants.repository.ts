import { Injectable } from '@nestjs/common';
import {
  CURSOR_AT_SQL,
  decodePosition,
  Page,
  PageRequest,
  pageSize,
  positionCursor,
  toPage,
} from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../access/role';
import { RoleGrant, RoleGrantFilter, RoleGrantStatus, RoleGrantView } from './role-grant';

const GRANT_COLUMNS = (
  g: string,
) => `${g}.id, ${g}.user_id AS "userId", ${g}.role, ${g}.previous_role AS "previousRole", ${g}.status,
  ${g}.requested_by AS "requestedBy", ${g}.requested_at AS "requestedAt", ${g}.decided_by AS "decidedBy",
  ${g}.decided_at AS "decidedAt", ${g}.reason`;

/** A grant with the account's and the people's names (RoleGrantView), from `g` joined below. */
const VIEW_COLUMNS = `${GRANT_COLUMNS('g')}, u.email, u.display_name AS "displayName", u.role AS "currentRole", u.active,
  r.display_name AS "requestedByName", d.display_name AS "decidedByName"`;
const VIEW_FROM = `role_grants g
  JOIN users u ON u.id = g.user_id
  LEFT JOIN users r ON r.id = g.requested_by
  LEFT JOIN users d ON d.id = g.decided_by`;

/** The role_grants table and the first-supervisor fact. Only this class writes SQL about grants. */
@Injectable()
export class RoleGrantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertPending(
    grant: { userId: string; role: Role; previousRole: Role | null; requestedBy: string | null },
    manager: EntityManager,
  ): Promise<RoleGrant> {
    const rows: RoleGrant[] = await manager.query(
      `INSERT INTO role_grants AS g (user_id, role, previous_role, requested_by) VALUES ($1, $2, $3, $4)
       RETURNING ${GRANT_COLUMNS('g')}`,
      [grant.userId, grant.role, grant.previousRole, grant.requestedBy],
    );
    return rows[0];
  }

  /** Closes the account's pending grant, if any (withdrawn or superseded), and answers it. */
  async closePending(
    userId: string,
    status: Extract<RoleGrantStatus, 'withdrawn' | 'superseded'>,
    by: string | null,
    manager: EntityManager,
  ): Promise<RoleGrant | null> {
    const [rows]: [RoleGrant[], number] = await manager.query(
      `UPDATE role_grants g SET status = $2, decided_by = $3, decided_at = now()
       WHERE g.user_id = $1 AND g.status = 'pending'
       RETURNING ${GRANT_COLUMNS('g')}`,
      [userId, status, by],
    );
    return rows[0] ?? null;
  }

  /** The grant, row-locked until the transaction ends: two decisions on one grant serialize here. */
  async lock(id: string, manager: EntityManager): Promise<RoleGrant | null> {
    const rows: RoleGrant[] = await manager.query(
      `SELECT ${GRANT_COLUMNS('g')} FROM role_grants g WHERE g.id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Decides a pending grant; null when it was not pending. */
  async decide(
    id: string,
    decision: { status: 'approved' | 'rejected'; by: string; reason?: string },
    manager: EntityManager,
  ): Promise<RoleGrant | null> {
    const [rows]: [RoleGrant[], number] = await manager.query(
      `UPDATE role_grants g SET status = $2, decided_by = $3, decided_at = now(), reason = $4
       WHERE g.id = $1 AND g.status = 'pending'
       RETURNING ${GRANT_COLUMNS('g')}`,
      [id, decision.status, decision.by, decision.reason ?? null],
    );
    return rows[0] ?? null;
  }

  /**
   * Records that a supervisor exists, unless one ever did: true when this call is the first (its
   * transaction then holds the fact; a concurrent first attempt waits for it and answers false).
   */
  async claimFirstSupervisor(userId: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO supervisor_first_seen (user_id) VALUES ($1) ON CONFLICT (singleton) DO NOTHING RETURNING singleton`,
      [userId],
    );
    return rows.length === 1;
  }

  async findView(id: string): Promise<RoleGrantView | null> {
    const rows: RoleGrantView[] = await this.dataSource.query(
      `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE g.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Oldest first (the longest waiting on top), with the account's and the people's names. */
  async list(filter: RoleGrantFilter, page: PageRequest): Promise<Page<RoleGrantView>> {
    const size = pageSize(page.limit);
    const after = decodePosition('role_grants', page.cursor);
    const rows: (RoleGrantView & { cursorAt: string })[] = await this.dataSource.query(
      `SELECT ${VIEW_COLUMNS}, ${CURSOR_AT_SQL('g.requested_at')} AS "cursorAt"
       FROM ${VIEW_FROM}
       WHERE ($1::text IS NULL OR g.status = $1)
         AND ($2::timestamptz IS NULL OR (g.requested_at, g.id) > ($2::timestamptz, $3::uuid))
       ORDER BY g.requested_at, g.id
       LIMIT $4`,
      [filter.status ?? null, after?.at ?? null, after?.id ?? null, size + 1],
    );
    return toPage(rows, size, ({ cursorAt: _, ...grant }) => grant, positionCursor('role_grants'));
  }
}
