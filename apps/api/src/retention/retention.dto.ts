import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { DueRequest, FINISHED_STATUSES, MAX_UPCOMING_DAYS, PRIORITIES } from '@app/consultations';
import type { Page } from '@app/platform';
import { PageQueryDto } from '../common/page-query.dto';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class LegalHoldDto {
  @ApiProperty({
    minLength: 3,
    maxLength: 1000,
    description:
      "Why the request must be kept (e.g. a court case or a supervisory authority's request). Stored encrypted with " +
      "the request's own key; never written to the audit trail. Staff only.",
  })
  @IsDefined()
  @Transform(trimmed)
  @IsString()
  @Length(3, 1000)
  reason: string;
}

export class UpcomingPurgeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_UPCOMING_DAYS,
    default: 30,
    description: 'Look this many days ahead; 0 lists what is already due (purged at the next run).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `days must be an integer from 0 to ${MAX_UPCOMING_DAYS}` })
  @Min(0, { message: `days must be an integer from 0 to ${MAX_UPCOMING_DAYS}` })
  @Max(MAX_UPCOMING_DAYS, { message: `days must be an integer from 0 to ${MAX_UPCOMING_DAYS}` })
  days: number = 30;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description:
      'Also list the requests a legal hold keeps that would otherwise be due within the window (their ' +
      '`legalHoldSince` is set); they are not purged while the hold stands.',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'includeHeld must be true or false' })
  includeHeld: boolean = false;
}

/** A request due for purge: no case text, nothing about the people involved. */
export class DueRequestDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'KONS-2026-000123' })
  reference: string;

  @ApiProperty({ enum: FINISHED_STATUSES })
  status: string;

  @ApiProperty({ type: String, nullable: true, enum: PRIORITIES })
  priority: string | null;

  @ApiProperty({ format: 'date-time', description: 'When it was closed or withdrawn.' })
  closedAt: string;

  @ApiProperty({
    format: 'date-time',
    description:
      'closedAt + RETENTION_CLOSED_DAYS: the first daily run after this purges it, unless a legal hold is set.',
  })
  purgeDueAt: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When a legal hold was set (only with `?includeHeld=true`); null when there is none.',
  })
  legalHoldSince: string | null;
}

export class DueRequestPageDto {
  @ApiProperty({ type: [DueRequestDto] })
  items: DueRequestDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as ?cursor= for the next page; null on the last.',
  })
  nextCursor: string | null;

  static of(page: Page<DueRequest>): DueRequestPageDto {
    return {
      items: page.items.map((row) => ({
        id: row.id,
        reference: row.reference,
        status: row.status,
        priority: row.priority,
        closedAt: new Date(row.closedAt).toISOString(),
        purgeDueAt: new Date(row.purgeDueAt).toISOString(),
        legalHoldSince: row.legalHoldSince && new Date(row.legalHoldSince).toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }
}
