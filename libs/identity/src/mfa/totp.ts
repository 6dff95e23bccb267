import { generateSecret, verifySync } from 'otplib';

/**
 * Time-based one-time passwords as RFC 6238 defines them and authenticator apps expect: HMAC-SHA-1,
 * 6 digits, 30-second steps (otplib). A code is accepted for the current step and one step either
 * side (clocks drift), and only for a step after the last one accepted, so each code works once.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Seconds of drift accepted either side: one step. */
const DRIFT_SECONDS = TOTP_PERIOD_SECONDS;
/** The issuer an authenticator app shows beside the account. */
export const TOTP_ISSUER = 'consult-intake';

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommendation), base32. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/**
 * The `otpauth://` URI an authenticator app reads from a QR code (Key URI Format), naming the
 * algorithm, digits and period although they are the defaults, so no app has to guess.
 */
export function totpUri(secret: string, accountName: string): string {
  const label = `${encodeURIComponent(TOTP_ISSUER)}:${encodeURIComponent(accountName)}`;
  const query = new URLSearchParams({
    secret,
    issuer: TOTP_ISSUER,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}

/**
 * The time step `code` is valid for, or null when it is wrong, malformed, or for a step at or before
 * `lastUsedStep` (a replay). `epochSeconds` is the time to check against.
 */
export function matchTotp(
  secret: string,
  code: string,
  lastUsedStep: number | null,
  epochSeconds: number = Math.floor(Date.now() / 1000),
): number | null {
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code)) return null;
  try {
    const result = verifySync({
      secret,
      token: code,
      epoch: epochSeconds,
      epochTolerance: DRIFT_SECONDS,
      ...(lastUsedStep === null ? {} : { afterTimeStep: lastUsedStep }),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}
