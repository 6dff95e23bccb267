import { ApiProperty } from '@nestjs/swagger';
import { CONCERN_TYPES, CONSULTATION_STATUSES, OUTCOMES, PRIORITIES } from '@app/consultations';

/** What stays of a purged request (docs/retention.md), as a 410 carries it: no case text. */
export class TombstoneDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'KONS-2026-000123' })
  reference: string;

  @ApiProperty({ enum: CONSULTATION_STATUSES, description: 'The status it ended in (closed or withdrawn).' })
  status: string;

  @ApiProperty({ type: String, enum: PRIORITIES, nullable: true })
  priority: string | null;

  @ApiProperty({ enum: CONCERN_TYPES, isArray: true })
  concernTypes: string[];

  @ApiProperty({ type: String, enum: OUTCOMES, nullable: true })
  outcome: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  purgedAt: string;
}
