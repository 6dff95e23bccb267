import { Injectable } from '@nestjs/common';
import { Tx } from '@app/platform';

export interface IntakeQuota {
  /** True when this filing was counted; false when the requester is at the limit. */
  taken: boolean;
  /** When refused: seconds until a filing leaves the window, so one more may be filed. */
  retryAfterSeconds: number;
}

/** intake_rate: the per-requester sliding window of filing times (migration IntakeLimit). */
@Injectable()
export class IntakeRateRepository {
  /**
   * Counts one filing for `requesterId` unless `limit` filings already fall in the last
   * `windowSeconds`. One upsert: it takes the requester's row lock until the caller's transaction
   * ends, so concurrent filings of one requester are counted one after another (none slips past
   * the limit), and a filing rolled back is not counted.
   */
  async take(tx: Tx, requesterId: string, limit: number, windowSeconds: number): Promise<IntakeQuota> {
    const rows: { recent: Date[]; now: Date; taken: boolean }[] = (
      await tx.query(
        `INSERT INTO intake_rate AS r (requester_id, recent) VALUES ($1, ARRAY[now()])
       ON CONFLICT (requester_id) DO UPDATE SET recent =
         CASE WHEN cardinality(ARRAY(SELECT t FROM unnest(r.recent) t WHERE t > now() - make_interval(secs => $2))) >= $3
              THEN r.recent
              ELSE ARRAY(SELECT t FROM unnest(r.recent) t WHERE t > now() - make_interval(secs => $2) ORDER BY t) || now()
         END
       RETURNING recent, now() AS now, recent[cardinality(recent)] = now() AS taken`,
        [requesterId, windowSeconds, limit],
      )
    ).rows;
    const { recent, now, taken } = rows[0];
    if (taken) return { taken: true, retryAfterSeconds: 0 };
    const windowMs = windowSeconds * 1000;
    const inWindow = recent
      .map((t) => new Date(t).getTime())
      .filter((t) => t > now.getTime() - windowMs)
      .sort((a, b) => a - b);
    // One more fits once the filing that keeps the count at the limit has left the window.
    const blocking = inWindow[Math.max(0, inWindow.length - limit)] ?? now.getTime();
    return {
      taken: false,
      retryAfterSeconds: Math.max(1, Math.ceil((blocking + windowMs - now.getTime()) / 1000)),
    };
  }

  /**
   * Marks that supervisors are told now about `requesterId` hitting the limit, unless they were
   * told within the last `windowSeconds`. Gives the time of this alert (it names the occurrence),
   * or null when they were told already in this window.
   */
  async claimAlert(tx: Tx, requesterId: string, windowSeconds: number): Promise<Date | null> {
    // A SELECT around the UPDATE, so that every runner answers plain rows.
    const rows: { alertedAt: Date }[] = (
      await tx.query(
        `WITH claimed AS (
         UPDATE intake_rate SET alerted_at = now()
         WHERE requester_id = $1 AND (alerted_at IS NULL OR alerted_at <= now() - make_interval(secs => $2))
         RETURNING alerted_at
       ) SELECT alerted_at AS "alertedAt" FROM claimed`,
        [requesterId, windowSeconds],
      )
    ).rows;
    return rows.length === 1 ? new Date(rows[0].alertedAt) : null;
  }

  /**
   * An in-app notification (`intake.limit_reached`) for every active supervisor, naming the
   * requester's latest request (id and reference, never case text). One per supervisor and
   * occurrence. Gives how many supervisors were told.
   */
  async notifySupervisors(tx: Tx, requesterId: string, occurrence: Date): Promise<number> {
    const rows: unknown[] = (
      await tx.query(
        `INSERT INTO notifications (recipient_id, type, consultation_id, reference, dedupe_key)
       SELECT u.id, 'intake.limit_reached', c.id, c.reference, $2
       FROM users u,
            (SELECT id, reference FROM consultations WHERE requester_id = $1 ORDER BY created_at DESC LIMIT 1) c
       WHERE u.role = 'supervisor' AND u.active
       ON CONFLICT (recipient_id, dedupe_key) DO NOTHING
       RETURNING id`,
        [requesterId, `intake.limit_reached:${requesterId}:${occurrence.getTime()}`],
      )
    ).rows;
    return rows.length;
  }
}
