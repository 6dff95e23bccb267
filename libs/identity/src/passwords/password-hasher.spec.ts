import type { IdentityConfig } from '../identity.config';
import { PasswordHasher, Semaphore } from './password-hasher';

const config = (values: Record<string, number>) => ({ get: (key: string) => values[key] }) as unknown as IdentityConfig;

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(config({ PASSWORD_HASH_MEMORY_KIB: 19456, PASSWORD_HASH_ITERATIONS: 2, PASSWORD_HASH_CONCURRENCY: 2 }));
  hasher.onModuleInit();

  it('hashes with argon2id at OWASP parameters and verifies only the right password', async () => {
    const hash = await hasher.hash('a-long-enough-password');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    await expect(hasher.verifyOrDummy(hash, 'a-long-enough-password')).resolves.toBe(true);
    await expect(hasher.verifyOrDummy(hash, 'a-long-enough-passwore')).resolves.toBe(false);
  });

  it('answers false for a missing account after verifying against a dummy hash', async () => {
    await expect(hasher.verifyOrDummy(null, 'anything-at-all')).resolves.toBe(false);
    await expect(hasher.verifyOrDummy(undefined, '')).resolves.toBe(false);
  });
});

describe('Semaphore', () => {
  it('never runs more than its capacity at once, and runs everything', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const task = async (n: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return n;
    };
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => semaphore.run(() => task(n))));
    expect(results).toEqual([1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(2);
  });

  it('releases its slot when a task fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(semaphore.run(async () => 'after')).resolves.toBe('after');
  });
});
