import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { ConflictError, NotFoundError, UnprocessableError } from '@app/platform';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { DataSource, EntityManager } from 'typeorm';
import { PasskeyChallengesRepository } from './passkey-challenges.repository';
import { Passkey, PasskeysRepository } from './passkeys.repository';
import { claimedChallenge } from './claimed-challenge';
import type { RelyingParty } from './relying-party';

/** How long the browser may take (the options' `timeout`); the stored challenge lives a little longer. */
const CEREMONY_SECONDS = 120;
const CHALLENGE_TTL_SECONDS = CEREMONY_SECONDS + 30;
/** ES256 and RS256: what platform authenticators and security keys offer. */
const ALGORITHMS = [-7, -257];

const REGISTRATION_FAILED = 'The passkey could not be registered. Start again and use the same device.';
const NO_PASSKEY = 'This account has no passkey.';

/** Whom a ceremony is for, and what its challenge is bound to (the login or the second-factor step). */
export interface Ceremony {
  user: { id: string; email: string; displayName: string; role: string };
  boundTo: string;
  rp: RelyingParty;
}

/** Why an assertion was refused (the audit's `reason`; never shown to the caller). */
export type PasskeyRefusal = 'no_challenge' | 'wrong_challenge' | 'unknown_credential' | 'counter_regression' | 'verification_failed';

export type PasskeyCheck = { ok: true; passkeyId: string } | { ok: false; reason: PasskeyRefusal };

/**
 * WebAuthn passkeys as a second factor (docs/accounts.md "Passkeys"), with SimpleWebAuthn: options
 * with a fresh challenge stored server-side, then the browser's answer verified against it (origin,
 * RP id, user verification, signature, counter). Every step is audited; no key material, challenge
 * or credential id goes into the trail.
 */
@Injectable()
export class PasskeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passkeys: PasskeysRepository,
    private readonly challenges: PasskeyChallengesRepository,
    private readonly audit: AuditRecorder,
  ) {}

  async list(userId: string): Promise<Passkey[]> {
    return (await this.passkeys.listOf(userId)).map(({ id, name, transports, backedUp, createdAt, lastUsedAt }) => ({
      id,
      name,
      transports,
      backedUp,
      createdAt,
      lastUsedAt,
    }));
  }

  async hasPasskey(userId: string, manager?: EntityManager): Promise<boolean> {
    return (await this.passkeys.countOf(userId, manager)) > 0;
  }

  async registrationOptions({ user, boundTo, rp }: Ceremony): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.passkeys.listOf(user.id);
    const options = await generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      userName: user.email,
      userDisplayName: user.displayName,
      userID: Buffer.from(user.id.replace(/-/g, ''), 'hex'),
      timeout: CEREMONY_SECONDS * 1000,
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      supportedAlgorithmIDs: ALGORITHMS,
    });
    await this.dataSource.transaction(async (manager) => {
      await this.challenges.put('registration', boundTo, user.id, options.challenge, CHALLENGE_TTL_SECONDS, manager);
      await this.audit.record(manager, {
        action: 'webauthn.registration_options',
        resourceType: 'user',
        resourceId: user.id,
        actorId: user.id,
        actorRole: user.role,
        details: { registered: existing.length },
      });
    });
    return options;
  }

  /**
   * Verifies the browser's answer to the registration options and stores the passkey. The challenge
   * is spent first, in its own statement, so a failed attempt cannot be tried again. `alsoInTransaction`
   * runs after the insert in the same transaction (enrolment at login finishes the login there).
   */
  async register<T = undefined>(
    { user, boundTo, rp }: Ceremony,
    response: RegistrationResponseJSON,
    name: string | undefined,
    alsoInTransaction?: (manager: EntityManager, passkey: Passkey) => Promise<T>,
  ): Promise<{ passkey: Passkey; also: T | undefined }> {
    const refuse = async (reason: string): Promise<never> => {
      await this.audit.record(this.dataSource.manager, {
        action: 'webauthn.register',
        resourceType: 'user',
        resourceId: user.id,
        outcome: 'failure',
        actorId: user.id,
        actorRole: user.role,
        details: { reason },
      });
      if (reason === 'already_registered') throw new ConflictError('This passkey is registered already.');
      throw new UnprocessableError(REGISTRATION_FAILED);
    };
    const challenge = await this.challenges.take('registration', boundTo, user.id, this.dataSource.manager);
    if (!challenge) return refuse('no_challenge');
    if (claimedChallenge(response.response.clientDataJSON) !== challenge) return refuse('wrong_challenge');
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verified = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        requireUserVerification: true,
        supportedAlgorithmIDs: ALGORITHMS,
      });
    } catch {
      return refuse('verification_failed');
    }
    if (!verified.verified) return refuse('verification_failed');
    const { credential, credentialBackedUp } = verified.registrationInfo;
    const outcome = await this.dataSource.transaction(async (manager) => {
      const count = await this.passkeys.countOf(user.id, manager);
      const passkey = await this.passkeys.insert(
        {
          userId: user.id,
          credentialId: credential.id,
          publicKey: credential.publicKey,
          counter: credential.counter,
          transports: credential.transports ?? [],
          backedUp: credentialBackedUp,
          name: name?.trim() || `Passkey ${count + 1}`,
        },
        manager,
      );
      if (!passkey) return null;
      const also = alsoInTransaction ? await alsoInTransaction(manager, passkey) : undefined;
      await this.audit.record(manager, {
        action: 'webauthn.register',
        resourceType: 'webauthn_credential',
        resourceId: passkey.id,
        actorId: user.id,
        actorRole: user.role,
        details: { userId: user.id, transports: passkey.transports, backedUp: passkey.backedUp, atLogin: Boolean(alsoInTransaction) },
      });
      return { passkey, also };
    });
    return outcome ?? refuse('already_registered');
  }

  /** Options for an assertion with one of the user's passkeys; 422 when the user has none. */
  async authenticationOptions({ user, boundTo, rp }: Ceremony): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const existing = await this.passkeys.listOf(user.id);
    if (existing.length === 0) throw new UnprocessableError(NO_PASSKEY);
    const options = await generateAuthenticationOptions({
      rpID: rp.id,
      allowCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
      timeout: CEREMONY_SECONDS * 1000,
      userVerification: 'required',
    });
    await this.dataSource.transaction(async (manager) => {
      await this.challenges.put('authentication', boundTo, user.id, options.challenge, CHALLENGE_TTL_SECONDS, manager);
      await this.audit.record(manager, {
        action: 'webauthn.authentication_options',
        resourceType: 'user',
        resourceId: user.id,
        actorId: user.id,
        actorRole: user.role,
      });
    });
    return options;
  }

  /**
   * Checks an assertion: the stored challenge (spent first), one of the user's own passkeys, origin,
   * RP id, user verification and signature; then the counter must move forward (a passkey that keeps
   * no counter always sends 0). A refusal is audited with its reason and returned, not thrown: the
   * second-factor step counts it as a wrong attempt.
   */
  async authenticate({ user, boundTo, rp }: Ceremony, response: AuthenticationResponseJSON): Promise<PasskeyCheck> {
    const refuse = async (reason: PasskeyRefusal, passkeyId?: string): Promise<PasskeyCheck> => {
      await this.audit.record(this.dataSource.manager, {
        action: 'webauthn.authenticate',
        resourceType: passkeyId ? 'webauthn_credential' : 'user',
        resourceId: passkeyId ?? user.id,
        outcome: 'failure',
        actorId: user.id,
        actorRole: user.role,
        details: { reason },
      });
      return { ok: false, reason };
    };
    const challenge = await this.challenges.take('authentication', boundTo, user.id, this.dataSource.manager);
    if (!challenge) return refuse('no_challenge');
    if (claimedChallenge(response.response.clientDataJSON) !== challenge) return refuse('wrong_challenge');
    const passkey = response.id === response.rawId ? await this.passkeys.findOwn(user.id, response.id) : null;
    if (!passkey) return refuse('unknown_credential');
    let newCounter: number;
    try {
      // The counter is compared below, after the signature: only a genuine assertion can report a clone.
      const verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: 0, transports: passkey.transports },
        requireUserVerification: true,
      });
      if (!verified.verified) return refuse('verification_failed', passkey.id);
      newCounter = verified.authenticationInfo.newCounter;
    } catch {
      return refuse('verification_failed', passkey.id);
    }
    const used = await this.dataSource.transaction(async (manager) => {
      if (!(await this.passkeys.recordUse(passkey.id, newCounter, manager))) return false;
      await this.audit.record(manager, {
        action: 'webauthn.authenticate',
        resourceType: 'webauthn_credential',
        resourceId: passkey.id,
        actorId: user.id,
        actorRole: user.role,
        details: { userId: user.id },
      });
      return true;
    });
    return used ? { ok: true, passkeyId: passkey.id } : refuse('counter_regression', passkey.id);
  }

  async remove(user: { id: string; role: string }, passkeyId: string): Promise<void> {
    const removed = await this.dataSource.transaction(async (manager) => {
      if (!(await this.passkeys.removeOwn(user.id, passkeyId, manager))) return false;
      await this.audit.record(manager, {
        action: 'webauthn.remove',
        resourceType: 'webauthn_credential',
        resourceId: passkeyId,
        details: { userId: user.id },
      });
      return true;
    });
    if (!removed) throw new NotFoundError('Passkey');
  }

  /** Removes every passkey of a user in the caller's transaction (an admin's factor reset); how many. */
  async removeAllOf(userId: string, manager: EntityManager): Promise<number> {
    return this.passkeys.removeAllOf(userId, manager);
  }
}
