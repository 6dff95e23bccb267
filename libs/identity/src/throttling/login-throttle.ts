import { Inject, Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { REDIS, TooManyRequestsError } from '@app/platform';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { emailKey } from '../accounts/email-key';
import { MemoryWindows, RedisOrMemory, seconds } from './redis-or-memory';
import { IdentityConfig } from '../identity.config';

/** Which limit refused an attempt. */
export type LoginThrottleScope = 'ip' | 'account_source' | 'account';

export class LoginThrottledError extends TooManyRequestsError {
  constructor(
    retryAfterSeconds: number,
    readonly scope: LoginThrottleScope,
  ) {
    super(retryAfterSeconds);
  }
}

/**
 * Reserves one attempt on both counters at once, before the password is checked: INCR the
 * account+source and the account counter (each a fixed window from its first hit); when either is
 * now over its limit, give both back and answer which one refused and when its window ends.
 */
const RESERVE_SCRIPT = `local function hit(key)
  local c = redis.call('INCR', key)
  if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[1]) end
  return c
end
local s = hit(KEYS[1])
local a = hit(KEYS[2])
local over = 0
if s > tonumber(ARGV[2]) then over = 1 elseif a > tonumber(ARGV[3]) then over = 2 end
if over > 0 then
  redis.call('DECR', KEYS[1])
  redis.call('DECR', KEYS[2])
  return {over, redis.call('PTTL', KEYS[over])}
end
return {0, 0}`;

/** A successful login: this source's failures are forgiven; the account's reservation is given back. */
const RELEASE_SCRIPT = `redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 0`;

/** One admitted login attempt, counted as a failure until it is known to have succeeded. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
}

/**
 * Login and refresh throttling, shared by every API replica through Redis (issue 11, items 5 and 6):
 * - per IP: THROTTLE_IP_LIMIT attempts per THROTTLE_IP_WINDOW_SECONDS, generous so a school behind
 *   one address can still log in (@nestjs/throttler's storage contract, @nest-lab/throttler-storage-redis).
 * - per account AND source (the email's normal form with the client IP): THROTTLE_LOGIN_FAILURES
 *   failed logins per THROTTLE_LOGIN_WINDOW_SECONDS. An attacker elsewhere exhausts only their own
 *   budget, so they cannot lock the owner out.
 * - per account, from all sources together: THROTTLE_LOGIN_ACCOUNT_FAILURES in the same window, a
 *   higher ceiling against guessing spread over many addresses.
 * An attempt is counted BEFORE its password is checked, in one atomic step for both account
 * counters (a Lua script; in memory a synchronous update), so parallel guesses cannot all be
 * checked: of 40 at once against a limit of 10, at most 10 reach argon2. A success gives the
 * reservation back and clears its source's count; failures keep theirs (OWASP: count failures).
 * Accounts are keyed by `emailKey` (NFKC, locale-free lower case), hashed: `İ` and `i` share one
 * counter. While Redis is unreachable every limit counts in this process's memory.
 */
@Injectable()
export class LoginThrottle {
  private readonly redisOrMemory = new RedisOrMemory(new Logger(LoginThrottle.name), 'login throttling');
  private readonly redisStorage: ThrottlerStorageRedisService;
  private readonly memoryStorage = new ThrottlerStorageService();
  private readonly memory = new MemoryWindows();
  private readonly prefix: string;
  private readonly sourceLimit: number;
  private readonly accountLimit: number;
  private readonly failureWindowMs: number;
  private readonly ipLimit: number;
  private readonly ipWindowMs: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: IdentityConfig,
  ) {
    this.redisStorage = new ThrottlerStorageRedisService(redis);
    this.prefix = `${config.get('REDIS_PREFIX')}:throttle`;
    this.sourceLimit = config.get('THROTTLE_LOGIN_FAILURES');
    this.accountLimit = config.get('THROTTLE_LOGIN_ACCOUNT_FAILURES');
    this.failureWindowMs = config.get('THROTTLE_LOGIN_WINDOW_SECONDS') * 1000;
    this.ipLimit = config.get('THROTTLE_IP_LIMIT');
    this.ipWindowMs = config.get('THROTTLE_IP_WINDOW_SECONDS') * 1000;
  }

  /**
   * Admits one login attempt or refuses it (LoginThrottledError, 429 with Retry-After). An admitted
   * attempt counts as a failure until `succeeded()` is called.
   */
  async admitLogin(ip: string | undefined, email: string): Promise<LoginAttempt> {
    await this.admitIp('login', ip);
    return this.reserve('', emailKey(email), ip);
  }

  /**
   * Admits one second-factor attempt (a code, a recovery code, a passkey) of the user, under the same
   * limits and counters kept apart from the password's: per user and source, and per user from all
   * sources. Counted as a failure until `succeeded()`.
   */
  async admitSecondFactor(ip: string | undefined, userId: string): Promise<LoginAttempt> {
    await this.admitIp('login', ip);
    return this.reserve('mfa-', userId, ip);
  }

  private async reserve(kind: '' | 'mfa-', subject: string, ip: string | undefined): Promise<LoginAttempt> {
    const account = this.key(`${kind}account`, subject);
    const source = this.key(`${kind}source`, `${subject}|${ip ?? 'unknown'}`);
    const [over, ttl] = await this.redisOrMemory.run(
      async () =>
        (await this.redis.eval(
          RESERVE_SCRIPT,
          2,
          source,
          account,
          this.failureWindowMs,
          this.sourceLimit,
          this.accountLimit,
        )) as [number, number],
      () => this.memoryReserve(source, account),
    );
    if (over > 0) {
      throw new LoginThrottledError(
        seconds(ttl > 0 ? ttl : this.failureWindowMs),
        over === 1 ? 'account_source' : 'account',
      );
    }
    return {
      succeeded: async () => {
        await this.redisOrMemory.run(
          async () => this.redis.eval(RELEASE_SCRIPT, 2, source, account),
          () => this.memoryRelease(source, account),
        );
      },
    };
  }

  async admitRefresh(ip: string | undefined): Promise<void> {
    await this.admitIp('refresh', ip);
  }

  private async admitIp(kind: 'login' | 'refresh', ip: string | undefined): Promise<void> {
    const key = `${this.prefix}:ip:${ip ?? 'unknown'}`;
    const args = [key, this.ipWindowMs, this.ipLimit, this.ipWindowMs, `${kind}-ip`] as const;
    const record = await this.redisOrMemory.run(
      () => this.redisStorage.increment(...args),
      () => this.memoryStorage.increment(...args),
    );
    if (record.isBlocked) throw new LoginThrottledError(Math.max(1, record.timeToBlockExpire), 'ip');
  }

  private key(kind: `${'' | 'mfa-'}${'account' | 'source'}`, value: string): string {
    return `${this.prefix}:${kind}:${createHash('sha256').update(value).digest('hex').slice(0, 32)}`;
  }

  private memoryReserve(source: string, account: string): [number, number] {
    const s = this.memory.add(source, 1, this.failureWindowMs);
    const a = this.memory.add(account, 1, this.failureWindowMs);
    const over = s.count > this.sourceLimit ? 1 : a.count > this.accountLimit ? 2 : 0;
    if (over === 0) return [0, 0];
    this.memory.add(source, -1, this.failureWindowMs);
    this.memory.add(account, -1, this.failureWindowMs);
    return [over, over === 1 ? s.remainingMs : a.remainingMs];
  }

  private memoryRelease(source: string, account: string): void {
    this.memory.delete(source);
    this.memory.add(account, -1, this.failureWindowMs);
  }
}
