import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { Page, PageRequest } from '@app/platform';
import { DataSource } from 'typeorm';
import { OrganizationsRepository } from './organizations.repository';
import { Organization, OrganizationKind } from './user';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsRepository,
    private readonly audit: AuditRecorder,
  ) {}

  create(name: string, kind: OrganizationKind): Promise<Organization> {
    return this.dataSource.transaction(async (manager) => {
      const organization = await this.organizations.insert(name.trim(), kind, manager);
      await this.audit.record(manager, {
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
    await this.audit.record(this.dataSource.manager, {
      action: 'organization.list',
      resourceType: 'organization',
      details: { cursor: page.cursor !== undefined, count: result.items.length },
    });
    return result;
  }
}
