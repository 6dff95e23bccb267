import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { PlatformModule } from '@app/platform';
import { HealthModule } from './health/health.module';

@Module({
  imports: [PlatformModule, AuditModule, HealthModule],
})
export class ApiModule {}
