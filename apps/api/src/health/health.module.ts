import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PlatformModule } from '@app/platform';
import { HealthController } from './health.controller';

@Module({
  imports: [PlatformModule, TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
})
export class HealthModule {}
