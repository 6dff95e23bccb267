import { Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { IdentityConfig } from '../identity.config';

/** A counting semaphore: argon2 holds ~19 MiB and a libuv thread per hash, so a login burst must queue, not exhaust memory. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.capacity) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * argon2id at OWASP parameters or stronger (PASSWORD_HASH_*), with a cap on concurrent hashing.
 * `verifyOrDummy` spends the same time when there is no account, so response time does not reveal
 * which emails exist.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly limiter: Semaphore;
  private readonly options: argon2.HashOptions;
  private dummyHash?: Promise<string>;

  constructor(config: IdentityConfig) {
    this.limiter = new Semaphore(config.get('PASSWORD_HASH_CONCURRENCY'));
    this.options = {
      type: argon2.argon2id,
      memoryCost: config.get('PASSWORD_HASH_MEMORY_KIB'),
      timeCost: config.get('PASSWORD_HASH_ITERATIONS'),
      parallelism: 1,
    };
  }

  onModuleInit(): void {
    this.dummyHash = this.hash(randomBytes(24).toString('base64'));
  }

  hash(password: string): Promise<string> {
    return this.limiter.run(() => argon2.hash(password, this.options));
  }

  /** Checks `password` against `hash`; with no hash, checks a dummy one and answers false. */
  async verifyOrDummy(hash: string | null | undefined, password: string): Promise<boolean> {
    const target = hash ?? (await (this.dummyHash ??= this.hash(randomBytes(24).toString('base64'))));
    const matches = await this.limiter.run(() => argon2.verify(target, password).catch(() => false));
    return Boolean(hash) && matches;
  }
}
