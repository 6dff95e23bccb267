import type { FieldBinding } from '@app/platform';

/**
 * Every column that holds case text, always as ciphertext bound to (table, column, row id):
 * `v2` under the request's own data key (data-key.ts), or `v1` under a key of ENCRYPTION_KEYS for
 * values written before envelope encryption and not yet moved by `npm run keys:rotate`.
 * `consultationColumn` names the request each row belongs to (whose data key encrypts it). Key
 * rotation walks exactly this list, so a new encrypted column belongs here.
 */
export const ENCRYPTED_FIELDS = [
  { table: 'consultations', column: 'summary', consultationColumn: 'id' },
  { table: 'consultations', column: 'contact_phone', consultationColumn: 'id' },
  { table: 'consultations', column: 'priority_override_reason', consultationColumn: 'id' },
  { table: 'consultation_messages', column: 'body', consultationColumn: 'consultation_id' },
  { table: 'consultation_status_changes', column: 'reason', consultationColumn: 'consultation_id' },
  { table: 'consultations', column: 'legal_hold_reason', consultationColumn: 'id' },
] as const;

export type EncryptedField = (typeof ENCRYPTED_FIELDS)[number];

export function bindingOf(field: EncryptedField, rowId: string): FieldBinding {
  return { table: field.table, column: field.column, rowId };
}

export const [
  SUMMARY,
  CONTACT_PHONE,
  PRIORITY_OVERRIDE_REASON,
  MESSAGE_BODY,
  TRANSITION_REASON,
  LEGAL_HOLD_REASON,
] = ENCRYPTED_FIELDS;
