import type { Strategy } from 'passport-strategy';

/**
 * Runs one passport strategy on a request and resolves with the user it authenticated, or null when
 * it failed (no credentials, bad signature, expired...). Errors from the verify callback reject.
 *
 * We call the strategy directly instead of registering it with passport's process-wide singleton:
 * a registry keyed by name would let a second app in the same process (tests start several)
 * replace the first app's strategy, and with it the database it checks sessions against.
 */
export function runStrategy<T>(strategy: Strategy, request: unknown): Promise<T | null> {
  return new Promise<T | null>((resolve, reject) => {
    const attempt = Object.create(strategy) as Strategy & {
      success(user: T): void;
      fail(): void;
      error(error: unknown): void;
      redirect(): void;
      pass(): void;
    };
    attempt.success = (user) => resolve(user);
    attempt.fail = () => resolve(null);
    attempt.error = (error) => reject(error);
    attempt.redirect = () => resolve(null);
    attempt.pass = () => resolve(null);
    attempt.authenticate(request as never, {});
  });
}
