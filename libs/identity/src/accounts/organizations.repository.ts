import { Injectable } from '@nestjs/common';
import { CURSOR_AT_SQL, decodePosition, Page, PageRequest, pageSize, positionCursor, toPage } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { Organization, OrganizationKind } from './user';

const ORGANIZATION_COLUMNS = `id, name, kind, created_at AS "createdAt"`;

@Injectable()
export class OrganizationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(name: string, kind: OrganizationKind, manager: EntityManager = this.dataSource.manager): Promise<Organization> {
    const rows: Organization[] = await manager.query(
      `INSERT INTO organizations (name, kind) VALUES ($1, $2) RETURNING ${ORGANIZATION_COLUMNS}`,
      [name, kind],
    );
    return rows[0];
  }

  async exists(id: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM organizations WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** The oldest organization with this exact name (names are not unique; used by demo seeding). */
  async findByName(name: string): Promise<Organization | null> {
    const rows: Organization[] = await this.dataSource.query(
      `SELECT ${ORGANIZATION_COLUMNS} FROM organizations WHERE name = $1 ORDER BY created_at, id LIMIT 1`,
      [name],
    );
    return rows[0] ?? null;
  }

  async list(page: PageRequest): Promise<Page<Organization>> {
    const size = pageSize(page.limit);
    const after = decodePosition('organizations', page.cursor);
    const rows: (Organization & { cursorAt: string })[] = await this.dataSource.query(
      `SELECT ${ORGANIZATION_COLUMNS}, ${CURSOR_AT_SQL('created_at')} AS "cursorAt"
       FROM organizations
       WHERE ($1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid))
       ORDER BY created_at, id
       LIMIT $3`,
      [after?.at ?? null, after?.id ?? null, size + 1],
    );
    return toPage(rows, size, ({ cursorAt: _, ...organization }) => organization, positionCursor('organizations'));
  }
}
