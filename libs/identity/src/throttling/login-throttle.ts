import { Inject, Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { AppConfig, REDIS, TooManyRequestsError } from '@app/platform';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';

/** After a Redis error, count in memory for this long before trying Redis again (no request waits on a dead Redis). */
const REDIS_RETRY_AFTER_MS = 5000;
const MEMORY_PRUNE_EVERY = 1000;

/** INCR with a fixed window that starts at the first failure; answers the count and the window's remaining ms. */
const HIT_SCRIPT = `local c = redis.call('INCR', KEYS[1])
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) t = tonumber(ARGV[1]) end
return {c, t}`;
const PEEK_SCRIPT = `return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1])}`;

interface Count {
  count: number;
  remainingMs: number;
}

/**
 * Login and refresh throttling, shared by every API replica through Redis:
 * - per account (the email as typed, lowercased and hashed): at most THROTTLE_LOGIN_FAILURES failed
 *   logins per THROTTLE_LOGIN_WINDOW_SECONDS; then 429 with Retry-After until the window passes.
 *   Only failures count (OWASP), and a successful login clears the count.
 * - per IP: THROTTLE_IP_LIMIT attempts per THROTTLE_IP_WINDOW_SECONDS, generous so a school behind
 *   one address can still log in. Counted with @nestjs/throttler's storage contract
 *   (@nest-lab/throttler-storage-redis).
 * While Redis is unreachable both limits count in this process's memory, so logins keep working
 * and a brute force is still slowed; Redis errors are never surfaced to the caller.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly redisStorage: ThrottlerStorageRedisService;
  private readonly memoryStorage = new ThrottlerStorageService();
  private readonly memoryFailures = new Map<string, { count: number; expiresAt: number }>();
  private memoryWrites = 0;
  private redisDownUntil = 0;
  private readonly prefix: string;
  private readonly failureLimit: number;
  private readonly failureWindowMs: number;
  private readonly ipLimit: number;
  private readonly ipWindowMs: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.redisStorage = new ThrottlerStorageRedisService(redis);
    this.prefix = `${config.get('REDIS_PREFIX')}:throttle`;
    this.failureLimit = config.get('THROTTLE_LOGIN_FAILURES');
    this.failureWindowMs = config.get('THROTTLE_LOGIN_WINDOW_SECONDS') * 1000;
    this.ipLimit = config.get('THROTTLE_IP_LIMIT');
    this.ipWindowMs = config.get('THROTTLE_IP_WINDOW_SECONDS') * 1000;
  }

  /** Refuses a login attempt (429) when the IP or the account is over its limit. Counts the IP attempt. */
  async admitLogin(ip: string | undefined, email: string): Promise<void> {
    await this.admitIp('login', ip);
    const failures = await this.withFallback(
      () => this.evalCount(PEEK_SCRIPT, this.accountKey(email)),
      () => this.memoryPeek(this.accountKey(email)),
    );
    if (failures.count >= this.failureLimit) throw new TooManyRequestsError(seconds(failures.remainingMs));
  }

  async admitRefresh(ip: string | undefined): Promise<void> {
    await this.admitIp('refresh', ip);
  }

  async recordFailure(email: string): Promise<void> {
    const key = this.accountKey(email);
    await this.withFallback(
      () => this.evalCount(HIT_SCRIPT, key, this.failureWindowMs),
      () => this.memoryHit(key, this.failureWindowMs),
    );
  }

  async clearFailures(email: string): Promise<void> {
    const key = this.accountKey(email);
    this.memoryFailures.delete(key);
    await this.withFallback(
      async () => {
        await this.redis.del(key);
        return { count: 0, remainingMs: 0 };
      },
      () => ({ count: 0, remainingMs: 0 }),
    );
  }

  private async admitIp(kind: 'login' | 'refresh', ip: string | undefined): Promise<void> {
    const key = `${this.prefix}:ip:${ip ?? 'unknown'}`;
    const name = `${kind}-ip`;
    const args = [key, this.ipWindowMs, this.ipLimit, this.ipWindowMs, name] as const;
    const record = await this.withFallback(
      () => this.redisStorage.increment(...args),
      () => this.memoryStorage.increment(...args),
    );
    if (record.isBlocked) throw new TooManyRequestsError(Math.max(1, record.timeToBlockExpire));
  }

  private accountKey(email: string): string {
    const digest = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
    return `${this.prefix}:account:${digest}`;
  }

  private async evalCount(script: string, key: string, windowMs?: number): Promise<Count> {
    const args = windowMs === undefined ? [] : [windowMs];
    const [count, ttl] = (await this.redis.eval(script, 1, key, ...args)) as [number, number];
    return { count, remainingMs: ttl > 0 ? ttl : this.failureWindowMs };
  }

  private async withFallback<T>(viaRedis: () => Promise<T>, inMemory: () => T | Promise<T>): Promise<T> {
    if (Date.now() >= this.redisDownUntil) {
      try {
        return await viaRedis();
      } catch (error) {
        this.redisDownUntil = Date.now() + REDIS_RETRY_AFTER_MS;
        this.logger.warn(`Redis unavailable for throttling; counting in memory (${(error as Error).message})`);
      }
    }
    return inMemory();
  }

  private memoryPeek(key: string): Count {
    const entry = this.memoryFailures.get(key);
    if (!entry || entry.expiresAt <= Date.now()) return { count: 0, remainingMs: 0 };
    return { count: entry.count, remainingMs: entry.expiresAt - Date.now() };
  }

  private memoryHit(key: string, windowMs: number): Count {
    const now = Date.now();
    if (++this.memoryWrites % MEMORY_PRUNE_EVERY === 0) {
      for (const [k, v] of this.memoryFailures) if (v.expiresAt <= now) this.memoryFailures.delete(k);
    }
    const entry = this.memoryFailures.get(key);
    const live = entry && entry.expiresAt > now ? entry : { count: 0, expiresAt: now + windowMs };
    live.count++;
    this.memoryFailures.set(key, live);
    return { count: live.count, remainingMs: live.expiresAt - now };
  }
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
