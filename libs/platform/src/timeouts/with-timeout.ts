/** A promise that did not settle in time; its message names what was waited for. */
export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} timed out after ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * `promise`, or a TimeoutError (`<what> timed out after <ms> ms`) when it has not settled within
 * `ms`. For calls that hang rather than fail while their server is away (Bull's add() and ioredis
 * commands queue until Redis comes back: docs/stack.md). The timer is cleared either way, so it
 * never holds the process open. The promise itself is not cancelled.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
