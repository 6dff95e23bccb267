import type { FieldBinding } from './field-cipher';

/**
 * Every column that holds case text, always as FieldCipher ciphertext bound to (table, column,
 * row id). Key rotation walks exactly this list, so a new encrypted column belongs here.
 */
export const ENCRYPTED_FIELDS = [
  { table: 'consultations', column: 'summary' },
  { table: 'consultations', column: 'contact_phone' },
  { table: 'consultations', column: 'priority_override_reason' },
  { table: 'consultation_messages', column: 'body' },
  { table: 'consultation_status_changes', column: 'reason' },
] as const;

export type EncryptedField = (typeof ENCRYPTED_FIELDS)[number];

export function bindingOf(field: EncryptedField, rowId: string): FieldBinding {
  return { table: field.table, column: field.column, rowId };
}

export const [SUMMARY, CONTACT_PHONE, PRIORITY_OVERRIDE_REASON, MESSAGE_BODY, TRANSITION_REASON] =
  ENCRYPTED_FIELDS;
