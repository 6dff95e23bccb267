import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config.service';
import { PlatformConfigModule } from '../config/config.module';

export const REDIS = Symbol('REDIS');

/**
 * A Redis connection for request paths (health, throttling, queue stats). It fails fast instead
 * of queueing commands while Redis is down, so no request waits on Redis (docs/stack.md: ioredis
 * defaults would hang about 10 s).
 */
export function createFailFastRedis(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    connectTimeout: 1000,
    retryStrategy: (times) => Math.min(times * 250, 2000),
  });
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

@Module({
  imports: [PlatformConfigModule],
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const redis = createFailFastRedis(config.get('REDIS_URL'));
        redis.on('error', () => undefined); // reported by health checks, not as unhandled events
        return redis;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class PlatformRedisModule {}
