import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import {
  CONSULTATION_STATUSES,
  ConsultationStatisticsService,
  ConsultationStatus,
  Priority,
  PRIORITIES,
} from '@app/consultations';
import { Permission, requirePermission } from '@app/identity';
import { MailDeliveryService, MailDeliveryStatus } from '@app/mail';
import { Actor, AppConfig, Database, QueueCounts, QueueMetrics, QueueName, ValidationFailedError } from '@app/platform';

export interface QueueStatsView {
  from: Date;
  to: Date;
  byStatus: Record<ConsultationStatus, number>;
  /** Open requests (not closed or withdrawn) that have a priority. */
  byPriority: Record<Priority, number>;
  openBreaches: number;
  timeToClaim: { count: number; medianSeconds: number | null; p90Seconds: number | null };
  /** The triage queue's counts; null when Redis did not answer in time. */
  queue: QueueCounts | null;
  /** Every queue's counts; null when Redis did not answer in time. */
  queues: Record<QueueName, QueueCounts> | null;
  /** Mails by status, except sent ones: waiting (pending, sending) and failed for good (refused, abandoned). */
  mail: Record<Exclude<MailDeliveryStatus, 'sent'>, number>;
}

const DEFAULT_PERIOD_DAYS = 7;
const DAY_MS = 86_400_000;

/**
 * The supervisors' view of the queue. The figures come from PostgreSQL; the job counts from
 * platform's QueueMetrics, given up after QUEUE_STATS_TIMEOUT_MS, so a Redis outage makes them
 * null while the rest of the answer still comes.
 */
@Injectable()
export class QueueStatsService {
  private readonly timeoutMs: number;

  constructor(
    private readonly db: Database,
    private readonly consultations: ConsultationStatisticsService,
    private readonly audit: AuditRecorder,
    private readonly metrics: QueueMetrics,
    private readonly mail: MailDeliveryService,
    config: AppConfig,
  ) {
    this.timeoutMs = config.get('QUEUE_STATS_TIMEOUT_MS');
  }

  async queueStats(actor: Actor, period: { from?: Date; to?: Date } = {}): Promise<QueueStatsView> {
    requirePermission(actor, Permission.StatsQueueRead);
    const to = period.to ?? new Date();
    const from = period.from ?? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
    if (from.getTime() >= to.getTime()) {
      throw new ValidationFailedError([{ field: 'from', message: 'from must be before to' }]);
    }
    const [figures, queues, mail] = await Promise.all([
      this.db.transaction(async (tx) => {
        const found = await this.consultations.queueStatistics({ from, to });
        await this.audit.record(tx, {
          action: 'stats.read',
          resourceType: 'queue',
          actorId: actor.id,
          actorRole: actor.role,
          details: { view: 'queue', from: from.toISOString(), to: to.toISOString() },
        });
        return found;
      }),
      this.metrics.counts(this.timeoutMs),
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
}

function roundSeconds(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}
