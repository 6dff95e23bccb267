import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { Database, Page, PageRequest } from '@app/platform';
import { OrganizationsRepository } from './organizations.repository';
import { Organization, OrganizationKind } from './user';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly db: Database,
    private readonly organizations: OrganizationsRepository,
    private readonly audit: AuditRecorder,
  ) {}

  create(name: string, kind: OrganizationKind): Promise<Organization> {
    return this.db.transaction(async (tx) => {
      const organization = await this.organizations.insert(tx, name.trim(), kind);
      await this.audit.record(tx, {
        action: 'organization.create',
        resourceType: 'organization',
        resourceId: organization.id,
        details: { kind },
      });
      return organization;
    });
  }

  /** A page of organizations; audited as `organization.list` (the count). */
  async list(page: PageRequest): Promise<Page<Organization>> {
    const result = await this.organizations.list(page);
    await this.audit.record(this.db, {
      action: 'organization.list',
      resourceType: 'organization',
      details: { cursor: page.cursor !== undefined, count: result.items.length },
    });
    return result;
  }
}
