import { createHash, randomInt } from 'node:crypto';

/**
 * Recovery codes: ten per enrolment, each 16 characters (80 random bits) from an alphabet without
 * look-alikes (no 0/O, 1/I/L), shown once as four groups of four. Only the SHA-256 of a code's
 * normal form is stored: 80 random bits need no slow hash. Typing is forgiving: case, spaces and
 * hyphens do not matter.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 16;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const characters = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return characters.match(/.{4}/g)!.join('-');
  });
}

/** The normal form of a typed code: upper case, without spaces and hyphens. */
export function normalizeRecoveryCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

export function hashRecoveryCode(typed: string): Buffer {
  return createHash('sha256').update(normalizeRecoveryCode(typed), 'utf8').digest();
}
