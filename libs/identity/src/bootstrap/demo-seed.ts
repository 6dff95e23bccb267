import { Injectable } from '@nestjs/common';
import { ConflictError, RequestContext, SYSTEM_ACTOR } from '@app/platform';
import { Role } from '../access/role';
import { OrganizationsRepository } from '../accounts/organizations.repository';
import { OrganizationsService } from '../accounts/organizations.service';
import { UsersService } from '../accounts/users.service';
import { demoCredentials } from './demo-accounts';

export const DEMO_ORGANIZATION_NAME = 'Demo organization';

export interface DemoAccount {
  role: Role;
  email: string;
  password: string;
  created: boolean;
}

/**
 * One organization and one account per role with well-known passwords, for trying the API in
 * /api/docs. Idempotent: what exists is left alone. Never for production (the CLI refuses).
 */
@Injectable()
export class DemoSeed {
  constructor(
    private readonly organizationsRepository: OrganizationsRepository,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly context: RequestContext,
  ) {}

  run(): Promise<{ organizationId: string; organizationCreated: boolean; accounts: DemoAccount[] }> {
    return this.context.run({ actor: SYSTEM_ACTOR }, async () => {
      const existing = await this.organizationsRepository.findByName(DEMO_ORGANIZATION_NAME);
      const organization = existing ?? (await this.organizations.create(DEMO_ORGANIZATION_NAME, 'other'));
      const accounts: DemoAccount[] = [];
      for (const { role, email, password } of demoCredentials()) {
        let created = true;
        try {
          await this.users.create(
            {
              email,
              password,
              role,
              displayName: `Demo ${role}`,
              organizationId: role === Role.Requester ? organization.id : null,
            },
            { demo: true },
          );
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          created = false;
        }
        accounts.push({ role, email, password, created });
      }
      return { organizationId: organization.id, organizationCreated: !existing, accounts };
    });
  }
}
