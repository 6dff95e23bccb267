import { startAuthentication, startRegistration, WebAuthnError } from '@simplewebauthn/browser';
import type { TFunction } from 'i18next';
import { api, type Schemas } from '../api/client';
import { ApiError, call, errorMessage, type ErrorOverrides } from '../api/errors';

type RegistrationResponse = Schemas['RegistrationCredentialDto'];
type AuthenticationResponse = Schemas['AuthenticationCredentialDto'];

/**
 * Passkey ceremonies in the browser (docs/accounts.md "Passkeys"): the service's options go to
 * SimpleWebAuthn (`navigator.credentials.*`), its answer back to the service. Nothing is stored here.
 * With `mfaToken` a registration is the enrolment of a login (its answer carries the login).
 */
export async function registerPasskey({ name, mfaToken }: { name?: string; mfaToken?: string }): Promise<Schemas['PasskeyRegistrationDto']> {
  const step = mfaToken ? { mfaToken } : {};
  const optionsJSON = await call(api.POST('/api/v1/auth/webauthn/registration/options', { body: step }));
  const response = (await startRegistration({ optionsJSON })) as RegistrationResponse;
  return call(
    api.POST('/api/v1/auth/webauthn/registration/verify', { body: { ...step, response, ...(name ? { name } : {}) } }),
  );
}

/** The second step of a login with a passkey: the login answer. */
export async function authenticateWithPasskey(mfaToken: string): Promise<Schemas['LoginResponseDto']> {
  const optionsJSON = await call(api.POST('/api/v1/auth/webauthn/authentication/options', { body: { mfaToken } }));
  const response = (await startAuthentication({ optionsJSON })) as AuthenticationResponse;
  return call(api.POST('/api/v1/auth/webauthn/authentication/verify', { body: { mfaToken, response } }));
}

/** A failed ceremony as a sentence: the browser's refusals, then the service's. */
export function passkeyErrorMessage(t: TFunction, error: unknown, overrides: ErrorOverrides = {}): string {
  if (error instanceof ApiError) return errorMessage(t, error, { 422: t('passkeys.notVerified'), ...overrides });
  if (error instanceof WebAuthnError && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED')
    return t('passkeys.alreadyOnDevice');
  if (error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError'))
    return t('passkeys.cancelled');
  return t('passkeys.failed');
}
