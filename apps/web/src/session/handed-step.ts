import type { MfaMethod, SecondStep } from './SessionProvider';

const METHODS: readonly MfaMethod[] = ['totp', 'webauthn', 'recovery_code'];

/**
 * The second step single sign-on hands over (docs/accounts.md "Single sign-on"): the API's callback
 * redirects to `/login#step=verify&mfaToken=…&methods=…` or `/login#step=enrol&mfaToken=…` when the
 * provider vouched for no second factor. A fragment never reaches a server; the login page removes
 * it from the address at once (forgetHandedStep).
 */
export function handedStep(hash: string): SecondStep | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const mfaToken = params.get('mfaToken');
  if (!mfaToken) return null;
  if (params.get('step') === 'enrol') return { kind: 'enrol', mfaToken };
  const named = (params.get('methods') ?? '').split(',');
  const methods = METHODS.filter((method) => named.includes(method));
  return params.get('step') === 'verify' && methods.length ? { kind: 'verify', mfaToken, methods } : null;
}

/** Takes the handed step out of the address bar and the history entry. */
export function forgetHandedStep(): void {
  if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
}
