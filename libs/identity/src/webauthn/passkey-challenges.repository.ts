import { Tx } from '@app/platform';
import { Injectable } from '@nestjs/common';

export type CeremonyPurpose = 'registration' | 'authentication';

/**
 * The one outstanding challenge of each ceremony (`webauthn_challenges`), bound to what asked for
 * it: a login (registration with a bearer token) or a second-factor step. Asking again replaces it;
 * taking it deletes it, so a challenge is checked at most once, right or wrong.
 */
@Injectable()
export class PasskeyChallengesRepository {
  async put(
    tx: Tx,
    purpose: CeremonyPurpose,
    boundTo: string,
    userId: string,
    challenge: string,
    ttlSeconds: number,
  ): Promise<void> {
    await tx.query(`DELETE FROM webauthn_challenges WHERE expires_at < now()`);
    await tx.query(
      `INSERT INTO webauthn_challenges (purpose, bound_to, user_id, challenge, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
       ON CONFLICT (purpose, bound_to) DO UPDATE
         SET user_id = EXCLUDED.user_id, challenge = EXCLUDED.challenge, expires_at = EXCLUDED.expires_at`,
      [purpose, boundTo, userId, challenge, ttlSeconds],
    );
  }

  /** Deletes the challenge and returns it while it was still alive; null when there was none. */
  async take(tx: Tx, purpose: CeremonyPurpose, boundTo: string, userId: string): Promise<string | null> {
    // TypeORM answers a top-level DELETE with [returned rows, affected count].
    const { rows } = await tx.query<{ challenge: string; live: boolean }>(
      `DELETE FROM webauthn_challenges WHERE purpose = $1 AND bound_to = $2 AND user_id = $3
       RETURNING challenge, expires_at > now() AS live`,
      [purpose, boundTo, userId],
    );
    return rows[0]?.live ? rows[0].challenge : null;
  }
}
