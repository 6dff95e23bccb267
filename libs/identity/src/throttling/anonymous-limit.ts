import { Inject, Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { REDIS } from '@app/platform';
import type Redis from 'ioredis';
import { RedisOrMemory } from './redis-or-memory';
import { IdentityConfig } from '../identity.config';

/**
 * Anonymous requests per client IP (api.md: "Anonymous requests are limited per client IP"):
 * THROTTLE_ANONYMOUS_LIMIT per THROTTLE_ANONYMOUS_WINDOW_SECONDS over every route a request without
 * a valid token reaches: refused attempts at protected routes and public routes, except the ones
 * with a limit of their own (login and refresh: LoginThrottle) and the health probes (a load
 * balancer must never be refused). Shared by the replicas through Redis with @nestjs/throttler's
 * storage, in this process's memory while Redis is down. Authenticated requests never touch it.
 */
@Injectable()
export class AnonymousLimit {
  private readonly redisOrMemory = new RedisOrMemory(
    new Logger(AnonymousLimit.name),
    'anonymous request limiting',
  );
  private readonly redisStorage: ThrottlerStorageRedisService;
  private readonly memoryStorage = new ThrottlerStorageService();
  private readonly prefix: string;
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(@Inject(REDIS) redis: Redis, config: IdentityConfig) {
    this.redisStorage = new ThrottlerStorageRedisService(redis);
    this.prefix = `${config.get('REDIS_PREFIX')}:throttle:anonymous`;
    this.limit = config.get('THROTTLE_ANONYMOUS_LIMIT');
    this.windowMs = config.get('THROTTLE_ANONYMOUS_WINDOW_SECONDS') * 1000;
  }

  /** Counts one anonymous request; answers the seconds to wait when the IP is over its limit, else null. */
  async hit(ip: string | undefined): Promise<number | null> {
    const args = [
      `${this.prefix}:${ip ?? 'unknown'}`,
      this.windowMs,
      this.limit,
      this.windowMs,
      'anonymous-ip',
    ] as const;
    const record = await this.redisOrMemory.run(
      () => this.redisStorage.increment(...args),
      () => this.memoryStorage.increment(...args),
    );
    return record.isBlocked ? Math.max(1, record.timeToBlockExpire) : null;
  }
}
