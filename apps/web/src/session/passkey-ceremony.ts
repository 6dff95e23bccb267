import { startRegistration, WebAuthnError } from '@simplewebauthn/browser';
import type { TFunction } from 'i18next';
import { api, type Schemas } from '../api/client';
import { ApiError, call, errorMessage } from '../api/errors';

type RegistrationResponse = Schemas['RegistrationCredentialDto'];

/**
 * Passkey ceremonies in the browser (docs/accounts.md "Passkeys"): the service's options go to
 * SimpleWebAuthn (`navigator.credentials.*`), its answer back to the service. Nothing is stored here.
 */
export async function registerPasskey(name: string): Promise<Schemas['PasskeyDto']> {
  const optionsJSON = await call(api.POST('/api/v1/auth/webauthn/registration/options'));
  const response = (await startRegistration({ optionsJSON })) as RegistrationResponse;
  const answer = await call(
    api.POST('/api/v1/auth/webauthn/registration/verify', { body: { response, ...(name ? { name } : {}) } }),
  );
  return answer.passkey;
}

/** A failed ceremony as a sentence: the browser's refusals, then the service's. */
export function passkeyErrorMessage(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) return errorMessage(t, error, { 422: t('passkeys.notVerified') });
  if (error instanceof WebAuthnError && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED')
    return t('passkeys.alreadyOnDevice');
  if (error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError'))
    return t('passkeys.cancelled');
  return t('passkeys.failed');
}
