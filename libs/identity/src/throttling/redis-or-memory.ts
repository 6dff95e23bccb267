import { Logger } from '@nestjs/common';

/** After a Redis error, work in memory for this long before trying Redis again (no request waits on a dead Redis). */
const REDIS_RETRY_AFTER_MS = 5000;

/**
 * Runs a Redis operation, or its in-memory stand-in while Redis is unreachable: throttling and
 * refusal counting keep working (per process) and Redis errors never reach the caller.
 */
export class RedisOrMemory {
  private redisDownUntil = 0;

  constructor(
    private readonly logger: Logger,
    private readonly purpose: string,
  ) {}

  /** True while Redis is considered down (the in-memory stand-ins are in use). */
  get redisDown(): boolean {
    return Date.now() < this.redisDownUntil;
  }

  async run<T>(viaRedis: () => Promise<T>, inMemory: () => T | Promise<T>): Promise<T> {
    if (!this.redisDown) {
      try {
        return await viaRedis();
      } catch (error) {
        this.redisDownUntil = Date.now() + REDIS_RETRY_AFTER_MS;
        this.logger.warn(
          `Redis unavailable for ${this.purpose}; working in memory (${(error as Error).message})`,
        );
      }
    }
    return inMemory();
  }
}

/** Fixed-window counters in memory, pruned as they expire. Synchronous, so every update is atomic. */
export class MemoryWindows {
  private readonly windows = new Map<string, { count: number; expiresAt: number }>();
  private writes = 0;

  get(key: string, now = Date.now()): { count: number; remainingMs: number } {
    const entry = this.windows.get(key);
    if (!entry || entry.expiresAt <= now) return { count: 0, remainingMs: 0 };
    return { count: entry.count, remainingMs: entry.expiresAt - now };
  }

  /** Adds `by` (may be negative) in the window that starts at the key's first hit. */
  add(key: string, by: number, windowMs: number, now = Date.now()): { count: number; remainingMs: number } {
    if (++this.writes % 1000 === 0) {
      for (const [k, v] of this.windows) if (v.expiresAt <= now) this.windows.delete(k);
    }
    const entry = this.windows.get(key);
    const live = entry && entry.expiresAt > now ? entry : { count: 0, expiresAt: now + windowMs };
    live.count = Math.max(0, live.count + by);
    this.windows.set(key, live);
    return { count: live.count, remainingMs: live.expiresAt - now };
  }

  delete(key: string): void {
    this.windows.delete(key);
  }
}

export const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
