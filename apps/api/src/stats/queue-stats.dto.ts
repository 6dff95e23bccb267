import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QueueStatsView } from '@app/oversight';
import { QueueCounts } from '@app/platform';
import { IsISO8601, IsOptional } from 'class-validator';

export class QueueStatsQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Start of the time-to-claim period (inclusive). Default: `to` minus 7 days.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'End of the time-to-claim period (exclusive). Default: now.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

  static period(query: QueueStatsQueryDto): { from?: Date; to?: Date } {
    return {
      ...(query.from !== undefined ? { from: new Date(query.from) } : {}),
      ...(query.to !== undefined ? { to: new Date(query.to) } : {}),
    };
  }
}

class StatusCountsDto {
  @ApiProperty({ type: 'integer' }) submitted: number;
  @ApiProperty({ type: 'integer' }) triaged: number;
  @ApiProperty({ type: 'integer' }) assigned: number;
  @ApiProperty({ type: 'integer' }) in_progress: number;
  @ApiProperty({ type: 'integer' }) awaiting_requester: number;
  @ApiProperty({ type: 'integer' }) closed: number;
  @ApiProperty({ type: 'integer' }) withdrawn: number;
}

class PriorityCountsDto {
  @ApiProperty({ type: 'integer' }) critical: number;
  @ApiProperty({ type: 'integer' }) high: number;
  @ApiProperty({ type: 'integer' }) normal: number;
  @ApiProperty({ type: 'integer' }) low: number;
}

class TimeToClaimDto {
  @ApiProperty({
    type: 'integer',
    description: 'First assignments (claim, assignment by a supervisor, or automatic) made in the period.',
  })
  count: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Median seconds from filing to first assignment; null when none.',
  })
  medianSeconds: number | null;

  @ApiProperty({ type: Number, nullable: true, description: '90th percentile, seconds; null when none.' })
  p90Seconds: number | null;
}

/** Each count is null when Redis does not answer. */
export class BullCountsDto {
  @ApiProperty({ type: 'integer', nullable: true, description: 'Waiting to run (including a paused queue).' })
  waiting: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) active: number | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Scheduled for later (deadline escalations, retries in backoff).',
  })
  delayed: number | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Exhausted their attempts; kept for inspection.',
  })
  failed: number | null;
}

class QueuesDto {
  @ApiProperty({ type: BullCountsDto }) triage: BullCountsDto;
  @ApiProperty({ type: BullCountsDto }) escalation: BullCountsDto;
  @ApiProperty({ type: BullCountsDto }) notification: BullCountsDto;
  @ApiProperty({ type: BullCountsDto }) maintenance: BullCountsDto;
  @ApiProperty({ type: BullCountsDto, description: 'Mails to send; `failed` counts mails abandoned after every retry.' })
  mail: BullCountsDto;
}

/** Mails by delivery status (from the database, so also when Redis is down); sent mails are not counted. */
class MailDeliveryCountsDto {
  @ApiProperty({ type: 'integer', description: 'Queued, or waiting for a retry after a failed attempt.' }) pending: number;
  @ApiProperty({ type: 'integer', description: 'Being sent now (or by a worker that died; sent again when its claim lapses).' })
  sending: number;
  @ApiProperty({ type: 'integer', description: 'Refused for good by the SMTP server (a 5xx answer); not retried, audited `mail.refused`.' })
  refused: number;
  @ApiProperty({ type: 'integer', description: 'Given up after every retry failed (e.g. a long SMTP outage); audited `mail.abandoned`.' })
  abandoned: number;
  @ApiProperty({ type: 'integer', description: 'Not sent because the recipient had become inactive or the kind is no longer mailed.' })
  skipped: number;
}

export class QueueStatsDto {
  @ApiProperty({ format: 'date-time' })
  from: Date;

  @ApiProperty({ format: 'date-time' })
  to: Date;

  @ApiProperty({ type: StatusCountsDto, description: 'Every request, by status.' })
  byStatus: StatusCountsDto;

  @ApiProperty({
    type: PriorityCountsDto,
    description: 'Open requests (not closed or withdrawn), by priority.',
  })
  byPriority: PriorityCountsDto;

  @ApiProperty({ type: 'integer', description: 'Requests nobody has taken yet whose first-response deadline has passed.' })
  openBreaches: number;

  @ApiProperty({ type: TimeToClaimDto })
  timeToClaim: TimeToClaimDto;

  @ApiProperty({
    type: BullCountsDto,
    description: 'The triage queue; every count is null when Redis does not answer within a moment.',
  })
  queue: BullCountsDto;

  @ApiProperty({
    type: QueuesDto,
    description: 'Every queue; every count is null when Redis does not answer within a moment.',
  })
  queues: QueuesDto;

  @ApiProperty({ type: MailDeliveryCountsDto, description: 'Mails by delivery status (`refused` + `abandoned`: failed for good).' })
  mail: MailDeliveryCountsDto;

  static of(view: QueueStatsView): QueueStatsDto {
    // Redis down: the same shape with null counts, so `queue.waiting` is always readable (api.md).
    const counts = (c: QueueCounts | undefined): BullCountsDto => ({
      waiting: c?.waiting ?? null,
      active: c?.active ?? null,
      delayed: c?.delayed ?? null,
      failed: c?.failed ?? null,
    });
    return {
      from: view.from,
      to: view.to,
      byStatus: { ...view.byStatus },
      byPriority: { ...view.byPriority },
      openBreaches: view.openBreaches,
      timeToClaim: { ...view.timeToClaim },
      queue: counts(view.queue ?? undefined),
      queues: {
        triage: counts(view.queues?.triage),
        escalation: counts(view.queues?.escalation),
        notification: counts(view.queues?.notification),
        maintenance: counts(view.queues?.maintenance),
        mail: counts(view.queues?.mail),
      },
      mail: { ...view.mail },
    };
  }
}
