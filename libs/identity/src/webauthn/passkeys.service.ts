import { Injectable } from '@nestjs/common';
import { AuditEventInput, AuditRecorder } from '@app/audit';
import { ConflictError, NotFoundError, RequestContext, UnprocessableError } from '@app/platform';
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
import type { User } from '../accounts/user';
import { UsersRepository } from '../accounts/users.repository';
import { FactorCheck, MfaChallenges, OpenChallenge } from '../mfa/mfa-challenges';
import { RecoveryCodesFactor } from '../mfa/recovery-codes.factor';
import { MfaMethod, SecondFactorKind, SecondFactors } from '../mfa/second-factors';
import type { LoginResult } from '../sessions/auth.service';
import { LoginThrottle } from '../throttling/login-throttle';
import { claimedChallenge } from './claimed-challenge';
import { PasskeyChallengesRepository } from './passkey-challenges.repository';
import { Passkey, PasskeysRepository } from './passkeys.repository';
import type { RelyingParty } from './relying-party';
import { accountActor, ownAccountEvent } from '../access/own-account-event';

/** How long the browser may take (the options' `timeout`); the stored challenge lives a little longer. */
const CEREMONY_SECONDS = 120;
const CHALLENGE_TTL_SECONDS = CEREMONY_SECONDS + 30;
/** ES256 and RS256: what platform authenticators and security keys offer. */
const ALGORITHMS = [-7, -257];

const REGISTRATION_FAILED = 'The passkey could not be registered. Start again and use the same device.';
const NO_PASSKEY = 'This account has no passkey.';
const LAST_FACTOR = 'This is your last second factor, and your role must use one: add another before you remove it.';

/** Whom a ceremony is for, and what its challenge is bound to (the login or the second-factor step). */
interface Ceremony {
  user: Pick<User, 'id' | 'email' | 'displayName' | 'role'>;
  boundTo: string;
  rp: RelyingParty;
}

/** Why an answer was refused (the audit's `reason`; never shown to the caller). */
export type PasskeyRefusal =
  | 'no_challenge'
  | 'wrong_challenge'
  | 'unknown_credential'
  | 'counter_regression'
  | 'verification_failed'
  | 'already_registered';

/** A passkey just registered, with the recovery codes issued when it was the user's first factor. */
export interface RegisteredPasskey {
  passkey: Passkey;
  recoveryCodes?: string[];
}

type Registration = { ok: true; passkey: Passkey; recoveryCodes?: string[] } | { ok: false; reason: PasskeyRefusal };

const boundToLogin = (sessionId: string) => `session:${sessionId}`;
const boundToStep = (challenge: OpenChallenge) => `mfa:${challenge.id}`;

/**
 * WebAuthn passkeys as a second factor (docs/accounts.md "Passkeys"), with SimpleWebAuthn: options
 * with a fresh challenge stored server-side, then the browser's answer verified against it (origin,
 * RP id, user verification, signature, counter). At login both ceremonies run on the shared
 * `mfaToken` step (MfaChallenges): the assertion is one attempt; registration is the enrolment.
 * Every step is audited; never with key material, a challenge or the credential id.
 */
@Injectable()
export class PasskeysService implements SecondFactorKind {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passkeys: PasskeysRepository,
    private readonly challenges: PasskeyChallengesRepository,
    private readonly users: UsersRepository,
    private readonly steps: MfaChallenges,
    private readonly factors: SecondFactors,
    private readonly recoveryCodes: RecoveryCodesFactor,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditRecorder,
    private readonly context: RequestContext,
  ) {
    factors.register(this);
  }

  async methodsOf(userId: string, manager: EntityManager): Promise<MfaMethod[]> {
    return (await this.passkeys.countOf(userId, manager)) > 0 ? ['webauthn'] : [];
  }

  removeAll(userId: string, manager: EntityManager): Promise<number> {
    return this.passkeys.removeAllOf(userId, manager);
  }

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

  // --- registration ---

  /** Options for a logged-in user; the challenge is bound to their login. */
  async registrationOptionsFor(userId: string, sessionId: string, rp: RelyingParty): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return this.registrationOptions({ user: await this.userOf(userId), boundTo: boundToLogin(sessionId), rp });
  }

  /** Options at enrolment (the `mfaToken` of `mfaEnrollmentRequired`); no attempt is counted. */
  async registrationOptionsAtLogin(mfaToken: string, rp: RelyingParty): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const step = await this.steps.open(mfaToken, 'enroll');
    return this.registrationOptions({ user: step.account.user, boundTo: boundToStep(step), rp });
  }

  /**
   * A logged-in user's registration, throttled like a code: 422 when the answer does not verify,
   * 409 when the credential is registered already. The challenge is spent either way.
   */
  async registerFor(userId: string, sessionId: string, rp: RelyingParty, response: RegistrationResponseJSON, name?: string): Promise<RegisteredPasskey> {
    const ceremony = { user: await this.userOf(userId), boundTo: boundToLogin(sessionId), rp };
    const attempt = await this.throttle.admitSecondFactor(this.context.ip, userId);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const registration = await this.verifyRegistration(ceremony, response, name, manager);
      await this.audit.record(manager, this.registrationEvent(ceremony, registration, false));
      return registration;
    });
    if (!outcome.ok) {
      if (outcome.reason === 'already_registered') throw new ConflictError('This passkey is registered already.');
      throw new UnprocessableError(REGISTRATION_FAILED);
    }
    await attempt.succeeded();
    return { passkey: outcome.passkey, recoveryCodes: outcome.recoveryCodes };
  }

  /** Registration at enrolment: the attempt on the `mfaToken` step that ends in the login (401 when refused, counted). */
  async registerAtLogin(
    mfaToken: string,
    rp: RelyingParty,
    response: RegistrationResponseJSON,
    name?: string,
  ): Promise<RegisteredPasskey & { login: LoginResult }> {
    const { login, value } = await this.steps.attempt(mfaToken, 'enroll', 'webauthn', async (step, manager) => {
      const ceremony = { user: step.account.user, boundTo: boundToStep(step), rp };
      const registration = await this.verifyRegistration(ceremony, response, name, manager);
      if (!registration.ok) return registration;
      return {
        ok: true,
        value: { passkey: registration.passkey, recoveryCodes: registration.recoveryCodes },
        events: [this.registrationEvent(ceremony, registration, true)],
      };
    });
    return { ...value, login };
  }

  // --- authentication (the second step of a login) ---

  /** Options for an assertion with one of the user's passkeys; 422 when the user has none. */
  async authenticationOptionsAtLogin(mfaToken: string, rp: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const step = await this.steps.open(mfaToken, 'verify');
    const user = step.account.user;
    const existing = await this.passkeys.listOf(user.id);
    if (existing.length === 0) throw new UnprocessableError(NO_PASSKEY);
    const options = await generateAuthenticationOptions({
      rpID: rp.id,
      allowCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
      timeout: CEREMONY_SECONDS * 1000,
      userVerification: 'required',
    });
    await this.dataSource.transaction(async (manager) => {
      await this.challenges.put('authentication', boundToStep(step), user.id, options.challenge, CHALLENGE_TTL_SECONDS, manager);
      await this.audit.record(manager, ownAccountEvent(user, 'webauthn.authentication_options'));
    });
    return options;
  }

  /** The second step with a passkey: the login, or 401 (a refused assertion counts as a wrong answer). */
  async authenticateAtLogin(mfaToken: string, rp: RelyingParty, response: AuthenticationResponseJSON): Promise<LoginResult> {
    const { login } = await this.steps.attempt(mfaToken, 'verify', 'webauthn', (step, manager) =>
      this.checkAssertion({ user: step.account.user, boundTo: boundToStep(step), rp }, response, manager),
    );
    return login;
  }

  /**
   * Removes one of the user's passkeys (someone else's is 404). Refused (409) when it is the last
   * factor of a user whose role must use one: that would leave the account to the next password
   * login's enrolment; an admin's factor reset is the way for a lost device.
   */
  async remove(user: { id: string; role: string }, passkeyId: string): Promise<void> {
    const removed = await this.dataSource.transaction(async (manager) => {
      if (!(await this.passkeys.removeOwn(user.id, passkeyId, manager))) return false;
      if (this.steps.requiredFor(user.role) && !(await this.factors.hasFactor(user.id, manager)))
        throw new ConflictError(LAST_FACTOR);
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

  private async registrationOptions({ user, boundTo, rp }: Ceremony): Promise<PublicKeyCredentialCreationOptionsJSON> {
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
      await this.audit.record(manager, ownAccountEvent(user, 'webauthn.registration_options', { registered: existing.length }));
    });
    return options;
  }

  /**
   * Spends the challenge, verifies the attestation and stores the passkey, all in `manager`'s
   * transaction; issues recovery codes when it is the user's first factor.
   */
  private async verifyRegistration(
    { user, boundTo, rp }: Ceremony,
    response: RegistrationResponseJSON,
    name: string | undefined,
    manager: EntityManager,
  ): Promise<Registration> {
    const challenge = await this.challenges.take('registration', boundTo, user.id, manager);
    if (!challenge) return { ok: false, reason: 'no_challenge' };
    if (claimedChallenge(response.response.clientDataJSON) !== challenge) return { ok: false, reason: 'wrong_challenge' };
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
      return { ok: false, reason: 'verification_failed' };
    }
    if (!verified.verified) return { ok: false, reason: 'verification_failed' };
    const { credential, credentialBackedUp } = verified.registrationInfo;
    const firstFactor = !(await this.factors.hasFactor(user.id, manager));
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
    if (!passkey) return { ok: false, reason: 'already_registered' };
    const recoveryCodes = firstFactor ? await this.recoveryCodes.issue(user.id, manager) : undefined;
    return { ok: true, passkey, recoveryCodes };
  }

  private registrationEvent({ user }: Ceremony, registration: Registration, atLogin: boolean): AuditEventInput {
    const actor = accountActor(user);
    if (!registration.ok)
      return { action: 'webauthn.register', resourceType: 'user', resourceId: user.id, outcome: 'failure', details: { reason: registration.reason }, ...actor };
    const { passkey, recoveryCodes } = registration;
    return {
      action: 'webauthn.register',
      resourceType: 'webauthn_credential',
      resourceId: passkey.id,
      details: { userId: user.id, transports: passkey.transports, backedUp: passkey.backedUp, atLogin, recoveryCodesIssued: Boolean(recoveryCodes) },
      ...actor,
    };
  }

  /**
   * One assertion: the stored challenge (spent first), one of the user's own passkeys, origin, RP
   * id, user verification and signature; then the counter must move forward (a passkey that keeps
   * no counter always sends 0). Compared after the signature, so only a genuine assertion can
   * report a clone (`counter_regression`).
   */
  private async checkAssertion(
    { user, boundTo, rp }: Ceremony,
    response: AuthenticationResponseJSON,
    manager: EntityManager,
  ): Promise<FactorCheck<undefined>> {
    const challenge = await this.challenges.take('authentication', boundTo, user.id, manager);
    if (!challenge) return { ok: false, reason: 'no_challenge' };
    if (claimedChallenge(response.response.clientDataJSON) !== challenge) return { ok: false, reason: 'wrong_challenge' };
    const passkey = response.id === response.rawId ? await this.passkeys.findOwn(user.id, response.id, manager) : null;
    if (!passkey) return { ok: false, reason: 'unknown_credential' };
    let newCounter: number;
    try {
      const verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: 0, transports: passkey.transports },
        requireUserVerification: true,
      });
      if (!verified.verified) return { ok: false, reason: 'verification_failed' };
      newCounter = verified.authenticationInfo.newCounter;
    } catch {
      return { ok: false, reason: 'verification_failed' };
    }
    if (!(await this.passkeys.recordUse(passkey.id, newCounter, manager))) return { ok: false, reason: 'counter_regression' };
    return {
      ok: true,
      value: undefined,
      events: [{ action: 'webauthn.authenticate', resourceType: 'webauthn_credential', resourceId: passkey.id, details: { userId: user.id } }],
    };
  }

  private async userOf(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundError('User');
    return user;
  }
}
