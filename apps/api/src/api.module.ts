import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard, IdentityModule } from '@app/identity';
import { PlatformModule } from '@app/platform';
import { AuthModule } from './auth/auth.module';
import { ConsultationsApiModule } from './consultations/consultations-api.module';
import { HealthModule } from './health/health.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { UsersModule } from './users/users.module';
import { RoleGrantsModule } from './role-grants/role-grants.module';
import { AuditApiModule } from './audit/audit-api.module';
import { AvailabilityModule } from './availability/availability.module';
import { NotificationsApiModule } from './notifications/notifications-api.module';
import { StatsModule } from './stats/stats.module';
import { MeModule } from './me/me.module';
import { RetentionApiModule } from './retention/retention-api.module';
import { WebModule } from './web/web.module';

/**
 * The HTTP app. It alone installs the deny-by-default AccessGuard for every route (APP_GUARD); the
 * guard itself comes from IdentityModule, which the worker never imports.
 */
@Module({
  imports: [
    PlatformModule,
    IdentityModule,
    HealthModule,
    AuthModule,
    OrganizationsModule,
    UsersModule,
    RoleGrantsModule,
    ConsultationsApiModule,
    AuditApiModule,
    AvailabilityModule,
    NotificationsApiModule,
    StatsModule,
    RetentionApiModule,
    MeModule,
    WebModule,
  ],
  providers: [{ provide: APP_GUARD, useExisting: AccessGuard }],
})
export class ApiModule {}
