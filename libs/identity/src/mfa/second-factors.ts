import { Tx, Database } from '@app/platform';
import { Injectable } from '@nestjs/common';

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
  methodsOf(tx: Tx, userId: string): Promise<MfaMethod[]>;
  /** Removes every factor of this kind of the user (admin reset); answers how many went. */
  removeAll(tx: Tx, userId: string): Promise<number>;
}

@Injectable()
export class SecondFactors {
  private readonly kinds: SecondFactorKind[] = [];

  constructor(private readonly db: Database) {}

  register(kind: SecondFactorKind): void {
    this.kinds.push(kind);
  }

  /** `methodsOf` outside a transaction (the caller's own status page). */
  current(userId: string): Promise<MfaMethod[]> {
    return this.methodsOf(this.db, userId);
  }

  /** Every method the user can log in with now, in a stable order (strongest first). */
  async methodsOf(tx: Tx, userId: string): Promise<MfaMethod[]> {
    const methods = new Set<MfaMethod>();
    for (const kind of this.kinds) for (const method of await kind.methodsOf(tx, userId)) methods.add(method);
    return METHOD_ORDER.filter((method) => methods.has(method));
  }

  /**
   * Whether the user has a factor of their own. Recovery codes alone do not count: they come with
   * an enrolment and are its fallback, not a factor to log in with every day.
   */
  async hasFactor(tx: Tx, userId: string): Promise<boolean> {
    return (await this.methodsOf(tx, userId)).some((method) => method !== 'recovery_code');
  }

  async removeAll(tx: Tx, userId: string): Promise<number> {
    let removed = 0;
    for (const kind of this.kinds) removed += await kind.removeAll(tx, userId);
    return removed;
  }
}
