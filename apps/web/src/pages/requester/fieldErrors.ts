import type { TFunction } from 'i18next';
import { ApiError } from '../../api/errors';

/** The kinds of identifying data the server names in its (English) 400 messages. */
const IDENTIFYING: readonly [
  RegExp,
  'personal_identity_number' | 'coordination_number' | 'email' | 'phone',
][] = [
  [/personal identity number|personnummer/i, 'personal_identity_number'],
  [/coordination number|samordningsnummer/i, 'coordination_number'],
  [/email/i, 'email'],
  [/phone/i, 'phone'],
];

/**
 * A server refusal of free text in a de-identified request, as a sentence in the user's language
 * (the server's own message is English and meant for developers).
 */
export function identifyingMessage(t: TFunction, serverMessage: string): string {
  const kind = IDENTIFYING.find(([pattern]) => pattern.test(serverMessage))?.[1];
  return t(`pages.newRequest.errors.identifying.${kind ?? 'other'}`);
}

/** The fields a 400 named, each with its (English) server messages. */
export function serverFieldErrors(error: unknown): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  if (!(error instanceof ApiError) || error.status !== 400) return fields;
  for (const { field, message } of error.problem?.errors ?? [])
    fields.set(field, [...(fields.get(field) ?? []), message]);
  return fields;
}
