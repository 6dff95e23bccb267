import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';

/** Who is acting. The worker acts as `system` with no id. */
export interface Actor {
  id: string | null;
  role: string;
  organizationId?: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, role: 'system', organizationId: null };

interface ContextShape {
  actor?: Actor;
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

/**
 * Request-scoped facts (actor, ip, request id) carried by AsyncLocalStorage through nestjs-cls,
 * so audit writes deep in a service need not thread them through every signature.
 */
@Injectable()
export class RequestContext {
  constructor(private readonly cls: ClsService) {}

  get actor(): Actor | undefined {
    return this.read('actor');
  }

  get ip(): string | undefined {
    return this.read('ip');
  }

  get userAgent(): string | undefined {
    return this.read('userAgent');
  }

  get requestId(): string | undefined {
    return this.read('requestId');
  }

  setActor(actor: Actor): void {
    if (this.cls.isActive()) this.cls.set('actor', actor);
  }

  setOrigin(origin: { ip?: string; userAgent?: string; requestId?: string }): void {
    if (!this.cls.isActive()) return;
    for (const [key, value] of Object.entries(origin)) this.cls.set(key, value);
  }

  /** Runs `fn` in a fresh context, e.g. for a worker job acting as the system. */
  run<T>(values: ContextShape, fn: () => Promise<T>): Promise<T> {
    return this.cls.run(async () => {
      for (const [key, value] of Object.entries(values)) this.cls.set(key, value);
      return fn();
    });
  }

  private read<K extends keyof ContextShape>(key: K): ContextShape[K] {
    return this.cls.isActive() ? (this.cls.get(key) as ContextShape[K]) : undefined;
  }
}
