import { Injectable } from '@nestjs/common';
import { IdentityConfig } from '../identity.config';

/**
 * When a login ends by itself (api.md "Sessions"): SESSION_IDLE_MINUTES after its last use or
 * SESSION_MAX_HOURS after it was opened, whichever comes first. The limits are whole seconds from
 * validated configuration, written into the SQL as literals (not parameters) so that the access
 * guard's statement keeps its two parameters and one prepared text per process.
 */
@Injectable()
export class SessionLimits {
  readonly idleSeconds: number;
  readonly maxSeconds: number;
  /**
   * `last_used_at` is moved only when it is older than this (a minute, or a quarter of the idle limit
   * when that is shorter), so a login in use costs at most one write a minute; the idle limit is then
   * exact to within this much.
   */
  readonly touchAfterSeconds: number;

  constructor(config: IdentityConfig) {
    this.idleSeconds = Math.max(1, Math.round(config.get('SESSION_IDLE_MINUTES') * 60));
    this.maxSeconds = Math.max(1, Math.round(config.get('SESSION_MAX_HOURS') * 3600));
    this.touchAfterSeconds = Math.max(1, Math.min(60, Math.floor(this.idleSeconds / 4)));
  }

  /** SQL: true when the login `alias` (an auth_sessions row) has run out of time. */
  expired(alias: string): string {
    return `(${alias}.last_used_at <= now() - interval '${this.idleSeconds} seconds' OR ${alias}.created_at <= now() - interval '${this.maxSeconds} seconds')`;
  }

  /** SQL: true when the login `alias` is neither revoked nor out of time. */
  live(alias: string): string {
    return `(${alias}.revoked_at IS NULL AND NOT ${this.expired(alias)})`;
  }
}
