import { Injectable } from '@nestjs/common';
import { Permission, roleHas } from '@app/identity';
import { CaseActor } from './consultation-access.service';
import { ConsultationRecord } from './consultation/consultation.repository';
import { ConsultationView, MessageView, RISK_FACTORS, RiskFactors } from './consultation/consultation.types';
import { MessageRecord } from './messages/consultation-message.repository';
import {
  bindingOf,
  CONTACT_PHONE,
  MESSAGE_BODY,
  PRIORITY_OVERRIDE_REASON,
  SUMMARY,
} from './privacy/encrypted-fields';
import { FieldCipher } from './privacy/field-cipher';

/** Turns stored rows into what callers see: decrypted case text, never the entity. */
@Injectable()
export class ConsultationViewMapper {
  constructor(private readonly cipher: FieldCipher) {}

  /** Staff also see who overrode the priority and why; requesters do not. */
  view(record: ConsultationRecord, actor: CaseActor): ConsultationView {
    const staff = roleHas(actor.role, Permission.ConsultationReadAll);
    const phone =
      record.contactPhone !== null
        ? this.cipher.decrypt(record.contactPhone, bindingOf(CONTACT_PHONE, record.id))
        : undefined;
    return {
      id: record.id,
      reference: record.reference,
      status: record.status,
      version: record.version,
      concernTypes: record.concernTypes,
      summary: this.cipher.decrypt(record.summary, bindingOf(SUMMARY, record.id)),
      subject: record.subject,
      // jsonb keeps its own key order; answer in the documented one.
      riskFactors: Object.fromEntries(
        RISK_FACTORS.map((factor) => [factor, record.riskFactors[factor] === true]),
      ) as RiskFactors,
      requestedSupport: record.requestedSupport,
      preferredContact: { channel: record.contactChannel, ...(phone !== undefined ? { phone } : {}) },
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
      ...(staff
        ? {
            priorityOverride:
              record.priorityOverrideReason !== null &&
              record.priorityOverriddenBy !== null &&
              record.priorityOverriddenAt
                ? {
                    reason: this.cipher.decrypt(
                      record.priorityOverrideReason,
                      bindingOf(PRIORITY_OVERRIDE_REASON, record.id),
                    ),
                    overriddenBy: record.priorityOverriddenBy,
                    overriddenAt: record.priorityOverriddenAt,
                  }
                : null,
          }
        : {}),
    };
  }

  /** `plaintext`: the body just written, which need not be decrypted again. */
  messageView(record: MessageRecord, plaintext?: string): MessageView {
    return {
      id: record.id,
      consultationId: record.consultationId,
      authorId: record.authorId,
      authorRole: record.authorRole,
      body: plaintext ?? this.cipher.decrypt(record.body, bindingOf(MESSAGE_BODY, record.id)),
      internal: record.internal,
      createdAt: record.createdAt,
    };
  }
}
