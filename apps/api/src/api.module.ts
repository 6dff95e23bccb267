import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { IdentityModule } from '@app/identity';
import { PlatformConfigModule, PlatformModule } from '@app/platform';
import { API_CONFIG } from './api.config';
import { AuthModule } from './auth/auth.module';
import { ConsultationsApiModule } from './consultations/consultations-api.module';
import { HealthModule } from './health/health.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { UsersModule } from './users/users.module';
import { RoleGrantsModule } from './role-grants/role-grants.module';
import { AuditApiModule } from './audit/audit-api.module';
import { AvailabilityModule } from './availability/availability.module';
import { NotificationsModule } from './notifications/notifications.module';
import { StatsModule } from './stats/stats.module';
import { MeModule } from './me/me.module';
import { RetentionApiModule } from './retention/retention-api.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [
    PlatformConfigModule.forRoot(API_CONFIG),
    PlatformModule,
    AuditModule,
    IdentityModule,
    HealthModule,
    AuthModule,
    OrganizationsModule,
    UsersModule,
    RoleGrantsModule,
    ConsultationsApiModule,
    AuditApiModule,
    AvailabilityModule,
    NotificationsModule,
    StatsModule,
    RetentionApiModule,
    MeModule,
    WebModule,
  ],
})
export class ApiModule {}
