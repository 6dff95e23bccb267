import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { AppConfig, Database, REDIS, RequestContext } from '@app/platform';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { RedisOrMemory } from '../throttling/redis-or-memory';

/** Refusals are counted per client IP (and subject) per minute, and written as one event per minute. */
export const TALLY_WINDOW_MS = 60_000;
/** An uncollected tally disappears from Redis after this long (a day without any API to write it). */
const TALLY_TTL_SECONDS = 24 * 3600;
/** At most this many routes (the most refused) are named in one event's details. */
const MAX_ROUTES = 10;
const FLUSH_BATCH = 500;

/** What is being refused: the fixed fields of the aggregated audit event. */
export interface RefusalKind {
  action: 'access.unauthenticated' | 'auth.login_failed' | 'auth.password_change' | 'auth.mfa_failed';
  resourceType: string;
  resourceId: string | null;
  outcome: 'denied' | 'failure';
  /** Extra fixed details, e.g. `{ reason: 'throttled', scope: 'account_source' }`. */
  fixed?: Record<string, string>;
}

/** One refused attempt: its kind, the client's IP, why, and the route it aimed at. */
export interface Refusal {
  kind: RefusalKind;
  ip: string | undefined;
  reason: string;
  route?: string;
}

interface Tally {
  kind: RefusalKind;
  ip: string | null;
  windowStart: number;
  count: number;
  reasons: Record<string, number>;
  routes: Record<string, number>;
}

/** Counts one refusal into its tally (a hash) and lists the tally as pending, in one round trip. */
const COUNT_SCRIPT = `redis.call('HSETNX', KEYS[1], 'kind', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'count', 1)
redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
if ARGV[3] ~= '' then redis.call('HINCRBY', KEYS[1], ARGV[3], 1) end
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], 'NX', ARGV[5], KEYS[1])
return 0`;

/** Takes a tally out of Redis: only one replica gets its fields, so each tally is written once. */
const CLAIM_SCRIPT = `local fields = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], KEYS[1])
return fields`;

/**
 * Aggregated audit of refusals that name no known caller (issue 11 items 1 and 6; api.md "Audit
 * trail"): a flood of anonymous or throttled attempts must not grow the append-only trail by one
 * row per request. Each refusal is counted (cheaply: one Redis script, or a Map while Redis is down)
 * in a tally per kind, client IP and minute; when the minute has ended, ONE audit event per tally is
 * written with the count, the reasons and the routes aimed at (`flush`, every
 * AUDIT_REFUSALS_FLUSH_SECONDS in each API). Nothing is dropped silently: a tally that cannot be
 * written (database down) is kept in memory and written at the next flush; on shutdown the memory
 * tallies are written at once. docs/audit.md "Aggregated refusals" says what is and is not covered.
 */
@Injectable()
export class RefusalTally {
  private readonly logger = new Logger(RefusalTally.name);
  private readonly redisOrMemory = new RedisOrMemory(this.logger, 'refusal counting');
  private readonly memory = new Map<string, Tally>();
  private readonly prefix: string;
  private readonly pendingKey: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
    private readonly db: Database,
    private readonly audit: AuditRecorder,
    private readonly context: RequestContext,
  ) {
    this.prefix = `${config.get('REDIS_PREFIX')}:refusals`;
    this.pendingKey = `${this.prefix}:pending`;
  }

  /** Counts one refusal. Never throws: a refusal must not become a 500. */
  async count(refusal: Refusal, now = Date.now()): Promise<void> {
    const windowStart = now - (now % TALLY_WINDOW_MS);
    const identity = JSON.stringify({ ...refusal.kind, ip: refusal.ip ?? null });
    const key = `${this.prefix}:${windowStart}:${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`;
    const reasonField = `r:${refusal.reason}`;
    const routeField = refusal.route ? `p:${refusal.route}` : '';
    try {
      await this.redisOrMemory.run(
        async () => {
          await this.redis.eval(
            COUNT_SCRIPT,
            2,
            key,
            this.pendingKey,
            identity,
            reasonField,
            routeField,
            TALLY_TTL_SECONDS,
            windowStart,
          );
        },
        () => this.countInMemory(key, refusal, windowStart),
      );
    } catch (error) {
      this.countInMemory(key, refusal, windowStart);
      this.logger.warn(`refusal counted in memory: ${(error as Error).message}`);
    }
  }

  /**
   * Writes one audit event per tally whose minute ended before `now` (all memory tallies when
   * `everything`), and answers how many it wrote. Tallies that fail to write go back to memory.
   */
  async flush(now = Date.now(), everything = false): Promise<number> {
    const current = now - (now % TALLY_WINDOW_MS);
    const due: Tally[] = [];
    for (const [key, tally] of this.memory) {
      if (everything || tally.windowStart < current) {
        due.push(tally);
        this.memory.delete(key);
      }
    }
    if (!everything) due.push(...(await this.claimFromRedis(current)));
    let written = 0;
    for (const tally of due) {
      try {
        await this.write(tally);
        written++;
      } catch (error) {
        this.memory.set(`retry:${tally.windowStart}:${JSON.stringify(tally.kind)}:${tally.ip}`, tally);
        this.logger.warn(
          `aggregated refusal event not written yet, kept for the next flush: ${(error as Error).message}`,
        );
      }
    }
    return written;
  }

  private async claimFromRedis(currentWindow: number): Promise<Tally[]> {
    if (this.redisOrMemory.redisDown) return [];
    const tallies: Tally[] = [];
    try {
      const keys = await this.redis.zrangebyscore(
        this.pendingKey,
        '-inf',
        `(${currentWindow}`,
        'LIMIT',
        0,
        FLUSH_BATCH,
      );
      for (const key of keys) {
        const fields = (await this.redis.eval(CLAIM_SCRIPT, 2, key, this.pendingKey)) as string[];
        const tally = fromFields(fields, Number(key.split(':').at(-2)));
        if (tally) tallies.push(tally);
      }
    } catch (error) {
      this.logger.warn(
        `Redis unavailable for collecting refusal tallies; they stay there until the next flush (${(error as Error).message})`,
      );
    }
    return tallies;
  }

  private write(tally: Tally): Promise<unknown> {
    const routes = Object.entries(tally.routes)
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_ROUTES);
    const details: Record<string, unknown> = {
      ...tally.kind.fixed,
      aggregated: true,
      count: tally.count,
      windowStart: new Date(tally.windowStart).toISOString(),
      windowSeconds: TALLY_WINDOW_MS / 1000,
      reasons: tally.reasons,
      ...(routes.length > 0 ? { routes: Object.fromEntries(routes) } : {}),
    };
    // The event carries the refused client's IP, not whatever request (if any) runs the flush.
    return this.context.run(
      { ip: tally.ip ?? undefined, userAgent: undefined, requestId: undefined, actor: undefined },
      () =>
        this.audit.record(this.db, {
          action: tally.kind.action,
          resourceType: tally.kind.resourceType,
          resourceId: tally.kind.resourceId,
          outcome: tally.kind.outcome,
          actorId: null,
          actorRole: 'anonymous',
          details,
        }),
    );
  }

  private countInMemory(key: string, refusal: Refusal, windowStart: number): void {
    let tally = this.memory.get(key);
    if (!tally) {
      tally = { kind: refusal.kind, ip: refusal.ip ?? null, windowStart, count: 0, reasons: {}, routes: {} };
      this.memory.set(key, tally);
    }
    tally.count++;
    tally.reasons[refusal.reason] = (tally.reasons[refusal.reason] ?? 0) + 1;
    if (refusal.route) tally.routes[refusal.route] = (tally.routes[refusal.route] ?? 0) + 1;
  }
}

/** A tally from its Redis hash fields (`kind`, `count`, `r:<reason>`, `p:<route>`); null when already claimed. */
function fromFields(fields: string[], windowStart: number): Tally | null {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i], fields[i + 1]);
  const identity = map.get('kind');
  if (!identity) return null;
  const { ip, ...kind } = JSON.parse(identity) as RefusalKind & { ip: string | null };
  const tally: Tally = {
    kind,
    ip,
    windowStart,
    count: Number(map.get('count') ?? 0),
    reasons: {},
    routes: {},
  };
  for (const [field, value] of map) {
    if (field.startsWith('r:')) tally.reasons[field.slice(2)] = Number(value);
    if (field.startsWith('p:')) tally.routes[field.slice(2)] = Number(value);
  }
  return tally;
}
