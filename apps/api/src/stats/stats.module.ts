import { Module } from '@nestjs/common';
import { OversightModule } from '@app/oversight';
import { StatsController } from './stats.controller';

@Module({ imports: [OversightModule], controllers: [StatsController] })
export class StatsModule {}
