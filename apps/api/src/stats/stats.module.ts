import { Module } from '@nestjs/common';
import { TriageModule } from '@app/triage';
import { StatsController } from './stats.controller';

@Module({ imports: [TriageModule], controllers: [StatsController] })
export class StatsModule {}
