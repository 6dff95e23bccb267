import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** The ways to pass the second step of a login (`methods` of the login answer). */
export type MfaMethod = 'totp' | 'webauthn' | 'recovery_code';
const METHOD_ORDER: readonly MfaMethod[] = ['webauthn', 'totp', 'recovery_code'];

/**
 * One kind of second factor (the authenticator app, recovery codes, passkeys). Each kind's service
 * registers itself with SecondFactors in its constructor; the login step, the admin reset and the
 * settings page then see every kind without knowing them.
 */
export interface SecondFactorKind {
  /** The methods this kind offers the user at login now: [] when the user has none of it. */
  methodsOf(userId: string, manager: EntityManager): Promise<MfaMethod[]>;
  /** Removes every factor of this kind of the user (admin reset); answers how many went. */
  removeAll(userId: string, manager: EntityManager): Promise<number>;
}

@Injectable()
export class SecondFactors {
  private readonly kinds: SecondFactorKind[] = [];

  constructor(private readonly dataSource: DataSource) {}

  register(kind: SecondFactorKind): void {
    this.kinds.push(kind);
  }

  /** Every method the user can log in with now, in a stable order (strongest first). */
  async methodsOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<MfaMethod[]> {
    const methods = new Set<MfaMethod>();
    for (const kind of this.kinds) for (const method of await kind.methodsOf(userId, manager)) methods.add(method);
    return METHOD_ORDER.filter((method) => methods.has(method));
  }

  /**
   * Whether the user has a factor of their own. Recovery codes alone do not count: they come with
   * an enrolment and are its fallback, not a factor to log in with every day.
   */
  async hasFactor(userId: string, manager: EntityManager): Promise<boolean> {
    return (await this.methodsOf(userId, manager)).some((method) => method !== 'recovery_code');
  }

  async removeAll(userId: string, manager: EntityManager): Promise<number> {
    let removed = 0;
    for (const kind of this.kinds) removed += await kind.removeAll(userId, manager);
    return removed;
  }
}
