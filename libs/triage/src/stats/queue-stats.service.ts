import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditRecorder } from '@app/audit';
import {
  CONSULTATION_STATUSES,
  ConsultationTriageSupportService,
  ConsultationStatus,
  Priority,
  PRIORITIES,
} from '@app/consultations';
import { AuthenticatedActor, Permission, roleHas } from '@app/identity';
import { MailDeliveryService, MailDeliveryStatus } from '@app/mail';
import { ForbiddenError, QueueName, REDIS, ValidationFailedError } from '@app/platform';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { TriageSettings } from '../config/triage-settings';

export interface BullCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface QueueStatsView {
  from: Date;
  to: Date;
  byStatus: Record<ConsultationStatus, number>;
  /** Open requests (not closed or withdrawn) that have a priority. */
  byPriority: Record<Priority, number>;
  openBreaches: number;
  timeToClaim: { count: number; medianSeconds: number | null; p90Seconds: number | null };
  /** The triage queue's counts; null when Redis did not answer in time. */
  queue: BullCounts | null;
  /** Every queue's counts; null when Redis did not answer in time. */
  queues: Record<QueueName, BullCounts> | null;
  /** Mails by status, except sent ones: waiting (pending, sending) and failed for good (refused, abandoned). */
  mail: Record<Exclude<MailDeliveryStatus, 'sent'>, number>;
}

const DEFAULT_PERIOD_DAYS = 7;
const DAY_MS = 86_400_000;
const QUEUES = Object.values(QueueName);

/**
 * The supervisors' view of the queue. The figures come from PostgreSQL; the Bull counts are read
 * straight from Bull's keys with the fail-fast Redis client (one pipeline, no Bull queue object in
 * the API) and given up after QUEUE_STATS_TIMEOUT_MS, so a Redis outage makes them null while the
 * rest of the answer still comes.
 */
@Injectable()
export class QueueStatsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consultations: ConsultationTriageSupportService,
    private readonly audit: AuditRecorder,
    private readonly settings: TriageSettings,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly mail: MailDeliveryService,
  ) {}

  async queueStats(
    actor: AuthenticatedActor,
    period: { from?: Date; to?: Date } = {},
  ): Promise<QueueStatsView> {
    if (!roleHas(actor.role, Permission.StatsQueueRead)) throw new ForbiddenError();
    const to = period.to ?? new Date();
    const from = period.from ?? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
    if (from.getTime() >= to.getTime()) {
      throw new ValidationFailedError([{ field: 'from', message: 'from must be before to' }]);
    }
    const [figures, queues, mail] = await Promise.all([
      this.dataSource.transaction(async (manager) => {
        const found = await this.consultations.queueStatistics({ from, to });
        await this.audit.record(manager, {
          action: 'stats.read',
          resourceType: 'queue',
          actorId: actor.id,
          actorRole: actor.role,
          details: { view: 'queue', from: from.toISOString(), to: to.toISOString() },
        });
        return found;
      }),
      this.bullCounts(),
      this.mail.countUnsent(),
    ]);
    return {
      from,
      to,
      byStatus: Object.fromEntries(CONSULTATION_STATUSES.map((s) => [s, figures.byStatus[s] ?? 0])) as Record<
        ConsultationStatus,
        number
      >,
      byPriority: Object.fromEntries(PRIORITIES.map((p) => [p, figures.openByPriority[p] ?? 0])) as Record<
        Priority,
        number
      >,
      openBreaches: figures.openBreaches,
      timeToClaim: {
        count: figures.timeToClaim.count,
        medianSeconds: roundSeconds(figures.timeToClaim.medianSeconds),
        p90Seconds: roundSeconds(figures.timeToClaim.p90Seconds),
      },
      queue: queues?.[QueueName.Triage] ?? null,
      queues,
      mail,
    };
  }

  /** Counts per queue, or null when Redis is down or slower than the timeout. Never throws, never hangs. */
  async bullCounts(): Promise<Record<QueueName, BullCounts> | null> {
    const prefix = `${this.settings.redisPrefix}:bull`;
    const pipeline = this.redis.pipeline();
    for (const queue of QUEUES) {
      const key = (part: string) => `${prefix}:${queue}:${part}`;
      pipeline
        .llen(key('wait'))
        .llen(key('paused'))
        .llen(key('active'))
        .zcard(key('delayed'))
        .zcard(key('failed'));
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const results = await Promise.race([
        pipeline.exec(),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), this.settings.queueStatsTimeoutMs);
        }),
      ]);
      if (!results || results.some(([error]) => error)) return null;
      const n = (i: number) => Number(results[i][1]);
      return Object.fromEntries(
        QUEUES.map((queue, q) => {
          const i = q * 5;
          return [queue, { waiting: n(i) + n(i + 1), active: n(i + 2), delayed: n(i + 3), failed: n(i + 4) }];
        }),
      ) as Record<QueueName, BullCounts>;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}

function roundSeconds(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}
