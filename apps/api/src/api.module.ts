import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { IdentityModule } from '@app/identity';
import { PlatformModule } from '@app/platform';
import { AuthModule } from './auth/auth.module';
import { ConsultationsApiModule } from './consultations/consultations-api.module';
import { HealthModule } from './health/health.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { UsersModule } from './users/users.module';
import { AuditApiModule } from './audit/audit-api.module';

@Module({
  imports: [PlatformModule, AuditModule, IdentityModule, HealthModule, AuthModule, OrganizationsModule, UsersModule, ConsultationsApiModule, AuditApiModule],
})
export class ApiModule {}
