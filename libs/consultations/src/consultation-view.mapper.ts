import { Injectable, Logger } from '@nestjs/common';
import { AuthenticatedActor, Permission, roleHas } from '@app/identity';
import { CONSULTATION_COLUMNS_NOT_IN_VIEW } from './consultation/consultation.entity';
import { ConsultationRecord } from './consultation/consultation.repository';
import {
  ConsultationListItem,
  ConsultationView,
  MessageView,
  RISK_FACTORS,
  RiskFactors,
  UnreadableConsultationField,
  UnreadableMessageField,
  ViewedConsultationColumns,
} from './consultation/consultation.types';
import { CaseKeys, OpenedKey } from './keys/case-keys';
import { MessageRecord } from './messages/consultation-message.repository';
import { isDataKeyCiphertext } from './privacy/data-key';
import {
  bindingOf,
  CONTACT_PHONE,
  EncryptedField,
  LEGAL_HOLD_REASON,
  MESSAGE_BODY,
  PRIORITY_OVERRIDE_REASON,
  SUMMARY,
} from './privacy/encrypted-fields';
import { DecryptionError, FieldCipher } from '@app/platform';

const NOT_IN_VIEW: ReadonlySet<string> = new Set([...CONSULTATION_COLUMNS_NOT_IN_VIEW, 'wrappedKey']);

/** The record's columns that a view answers as stored. */
function viewedColumns(record: ConsultationRecord): ViewedConsultationColumns {
  return Object.fromEntries(
    Object.entries(record).filter(([property]) => !NOT_IN_VIEW.has(property)),
  ) as ViewedConsultationColumns;
}

/**
 * Turns stored rows into what callers see: decrypted case text, never the entity.
 *
 * A stored value that does not decrypt (altered, copied from another row, or under a key no longer
 * in ENCRYPTION_KEYS) does not fail the read: an urgent case must stay workable. The field is
 * answered as null and named in `unreadableFields`; the failure is logged here (where, which key,
 * why; never the value) and the calling service audits it as `consultation.integrity_failure`.
 */
@Injectable()
export class ConsultationViewMapper {
  private readonly logger = new Logger(ConsultationViewMapper.name);

  constructor(
    private readonly cipher: FieldCipher,
    private readonly keys: CaseKeys,
  ) {}

  /** The request's data key for this call (opened once per call by whoever maps its views). */
  keyOf(record: { id: string; wrappedKey: string | null }): OpenedKey {
    return this.keys.open(record.id, record.wrappedKey);
  }

  /**
   * Staff also see who overrode the priority and why, and the legal hold; requesters do not.
   * `plaintext`: case text the caller has just encrypted into `record` (intake), which need not be
   * decrypted again. `key`: the request's data key if the caller has opened it already.
   */
  view(
    record: ConsultationRecord,
    actor: AuthenticatedActor,
    plaintext: { summary?: string; contactPhone?: string } = {},
    key?: OpenedKey,
  ): ConsultationView {
    const staff = roleHas(actor.role, Permission.ConsultationReadAll);
    const unreadable: UnreadableConsultationField[] = [];
    let opened = key;
    const dataKey = () => (opened ??= this.keyOf(record));
    const read = (ciphertext: string, field: EncryptedField, name: UnreadableConsultationField) => {
      const plaintext = this.decrypt(ciphertext, field, record.id, name, dataKey);
      if (plaintext === null) unreadable.push(name);
      return plaintext;
    };
    const summary = plaintext.summary ?? read(record.summary, SUMMARY, 'summary');
    const phone =
      record.contactPhone !== null
        ? (plaintext.contactPhone ?? read(record.contactPhone, CONTACT_PHONE, 'preferredContact.phone'))
        : undefined;
    const view: ConsultationView = {
      ...viewedColumns(record),
      summary,
      // jsonb keeps its own key order; answer in the documented one.
      riskFactors: Object.fromEntries(
        RISK_FACTORS.map((factor) => [factor, record.riskFactors[factor] === true]),
      ) as RiskFactors,
      preferredContact: { channel: record.contactChannel, ...(phone !== undefined ? { phone } : {}) },
      ...(staff
        ? {
            legalHold:
              record.legalHoldSince !== null && record.legalHoldReason !== null
                ? {
                    reason: read(record.legalHoldReason, LEGAL_HOLD_REASON, 'legalHold.reason'),
                    since: record.legalHoldSince,
                    by: record.legalHoldBy,
                  }
                : null,
            priorityOverride:
              record.priorityOverrideReason !== null &&
              record.priorityOverriddenBy !== null &&
              record.priorityOverriddenAt
                ? {
                    reason: read(
                      record.priorityOverrideReason,
                      PRIORITY_OVERRIDE_REASON,
                      'priorityOverride.reason',
                    ),
                    overriddenBy: record.priorityOverriddenBy,
                    overriddenAt: record.priorityOverriddenAt,
                  }
                : null,
          }
        : {}),
    };
    if (unreadable.length > 0) view.unreadableFields = unreadable;
    return view;
  }

  /**
   * A list's item: the case's facts, none of its text (nothing is decrypted). `suggestedNames`
   * (staff lists): the display names of suggested assignees; without it the item has no
   * `suggestedAssignee` (a requester's own list).
   */
  listItem(record: ConsultationRecord, suggestedNames?: ReadonlyMap<string, string>): ConsultationListItem {
    const suggestedId = record.suggestedAssigneeId;
    const suggestedName = suggestedId === null ? undefined : suggestedNames?.get(suggestedId);
    return {
      id: record.id,
      reference: record.reference,
      status: record.status,
      version: record.version,
      concernTypes: record.concernTypes,
      preferredContact: { channel: record.contactChannel },
      priority: record.priority,
      riskScore: record.riskScore,
      triageReasons: record.triageReasons,
      slaDueAt: record.slaDueAt,
      assigneeId: record.assigneeId,
      requesterId: record.requesterId,
      organizationId: record.organizationId,
      outcome: record.outcome,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      ...(suggestedNames
        ? {
            suggestedAssignee:
              suggestedId !== null && suggestedName !== undefined
                ? { id: suggestedId, displayName: suggestedName }
                : null,
          }
        : {}),
    };
  }

  /**
   * `plaintext`: the body just written, which need not be decrypted again. `key`: its request's
   * data key, opened once for a whole page of messages.
   */
  messageView(record: MessageRecord, plaintext?: string, key?: OpenedKey): MessageView {
    const dataKey = () => key ?? new DecryptionError('data_key_missing');
    const body = plaintext ?? this.decrypt(record.body, MESSAGE_BODY, record.id, 'body', dataKey);
    const unreadable: UnreadableMessageField[] = body === null ? ['body'] : [];
    return {
      id: record.id,
      consultationId: record.consultationId,
      authorId: record.authorId,
      authorRole: record.authorRole,
      body,
      internal: record.internal,
      createdAt: record.createdAt,
      ...(unreadable.length > 0 ? { unreadableFields: unreadable } : {}),
    };
  }

  /**
   * The plaintext, or null (logged) when the stored value cannot be decrypted: v2 values with the
   * request's data key, v1 values (not yet moved by keys:rotate) with the master key ring.
   */
  private decrypt(
    ciphertext: string,
    field: EncryptedField,
    rowId: string,
    name: string,
    dataKey: () => OpenedKey,
  ): string | null {
    try {
      if (!isDataKeyCiphertext(ciphertext)) return this.cipher.decrypt(ciphertext, bindingOf(field, rowId));
      const key = dataKey();
      if (key instanceof DecryptionError) throw key;
      return key.decrypt(ciphertext, bindingOf(field, rowId));
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      // Where, with which key and why: enough to investigate, nothing of the value itself.
      this.logger.error(
        {
          field: name,
          table: field.table,
          column: field.column,
          recordId: rowId,
          keyId: error.keyId ?? null,
          reason: error.reason,
        },
        'A stored field could not be decrypted; answered as null',
      );
      return null;
    }
  }
}
