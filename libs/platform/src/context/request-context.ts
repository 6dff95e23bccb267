import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is acting. The worker acts as `system` with no id. */
export interface Actor {
  id: string | null;
  role: string;
  organizationId?: string | null;
}

export interface ContextShape {
  actor?: Actor;
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

/**
 * One store per HTTP request or worker job. A plain AsyncLocalStorage, shared by every
 * RequestContext in the process (one request never sees another's store): nestjs-cls did the same
 * through a middleware, a no-op global guard and a no-op global interceptor on every request, which
 * cost about 100 µs of CPU per request (bench/performance.md).
 */
const storage = new AsyncLocalStorage<ContextShape>();

/**
 * Runs `next` (the rest of one HTTP request: hooks, guards, pipes, the handler) in a fresh context
 * holding the request's origin. The API calls it from its first Fastify `onRequest` hook.
 */
export function runInRequestContext(origin: Omit<ContextShape, 'actor'>, next: () => void): void {
  storage.run({ ...origin }, next);
}

/**
 * Request-scoped facts (actor, ip, request id) carried by AsyncLocalStorage, so audit writes deep
 * in a service need not thread them through every signature. Outside a context every getter is
 * undefined and the setters do nothing.
 */
@Injectable()
export class RequestContext {
  get actor(): Actor | undefined {
    return storage.getStore()?.actor;
  }

  get ip(): string | undefined {
    return storage.getStore()?.ip;
  }

  get userAgent(): string | undefined {
    return storage.getStore()?.userAgent;
  }

  get requestId(): string | undefined {
    return storage.getStore()?.requestId;
  }

  setActor(actor: Actor): void {
    const store = storage.getStore();
    if (store) store.actor = actor;
  }

  setOrigin(origin: { ip?: string; userAgent?: string; requestId?: string }): void {
    const store = storage.getStore();
    if (store) Object.assign(store, origin);
  }

  /**
   * Runs `fn` in a fresh context, e.g. for a worker job acting as the system. Nested in another
   * context, it starts from a copy of that one's values (what nestjs-cls's `run` did).
   */
  run<T>(values: ContextShape, fn: () => Promise<T>): Promise<T> {
    return storage.run({ ...storage.getStore(), ...values }, fn);
  }
}
