import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig, REDIS } from '@app/platform';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { emailKey } from '../accounts/email-key';
import { MemoryWindows, RedisOrMemory } from '../throttling/redis-or-memory';

/** Reset mails per address per window: enough for a lost mail or two, too few to flood an inbox. */
const MAILS_PER_WINDOW = 3;
const WINDOW_MS = 60 * 60 * 1000;

/** One more in a fixed window that starts at the key's first hit. */
const COUNT_SCRIPT = `local c = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return c`;

/**
 * Caps the password-reset mails one address can be sent (someone else typing it in again and
 * again must not flood its inbox). Counted for every typed address alike, known or not, before
 * the account is looked up, and invisible to the caller: over the cap the answer is the same 202,
 * only no mail is sent. Keyed by the hash of the address's normal form; Redis, or memory while it
 * is down. The per-IP limit of anonymous requests applies to the route as well.
 */
@Injectable()
export class ResetMailLimit {
  private readonly redisOrMemory = new RedisOrMemory(
    new Logger(ResetMailLimit.name),
    'password reset limiting',
  );
  private readonly memory = new MemoryWindows();
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.get('REDIS_PREFIX')}:throttle:reset`;
  }

  /** Counts one request for `email`; true while the address is within its cap. */
  async admit(email: string): Promise<boolean> {
    const key = `${this.prefix}:${createHash('sha256').update(emailKey(email)).digest('hex').slice(0, 32)}`;
    const count = await this.redisOrMemory.run(
      async () => (await this.redis.eval(COUNT_SCRIPT, 1, key, WINDOW_MS)) as number,
      () => this.memory.add(key, 1, WINDOW_MS).count,
    );
    return count <= MAILS_PER_WINDOW;
  }
}
