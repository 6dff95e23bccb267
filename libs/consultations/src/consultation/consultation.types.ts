import type { TableRow } from '@app/platform';
import type { ConsultationTombstoneEntity } from '../retention/consultation-tombstone.entity';
import type { CONSULTATION_COLUMNS_NOT_IN_VIEW, ConsultationEntity } from './consultation.entity';
import type { ConsultationOutcome, ConsultationStatus } from '../workflow/consultation-status.machine';

/** The vocabularies of docs/api.md, "Consultation requests". */
export const CONCERN_TYPES = [
  'domestic_violence',
  'honor_related_violence',
  'sexual_violence',
  'prostitution',
  'human_trafficking',
  'child_exposed_to_violence',
  'other',
] as const;
export type ConcernType = (typeof CONCERN_TYPES)[number];

export const AGE_GROUPS = ['child', 'youth', 'adult', 'elderly', 'unknown'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

export const SUPPORT_KINDS = [
  'advice',
  'conversation_support',
  'police_report_support',
  'protection',
  'joint_meeting',
] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];

export const CONTACT_CHANNELS = ['phone', 'secure_message', 'meeting'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** Most urgent first: the order of the triage queue. */
export const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * Stored beside `priority` so that the queue's sort is a plain indexable column. A request the
 * worker has not triaged yet has no priority and ranks as `normal` (after those with a deadline),
 * so it neither jumps the queue nor sinks below `low` if the worker is late.
 */
export const PRIORITY_RANK: Record<Priority, number> = { critical: 0, high: 1, normal: 2, low: 3 };
export const UNTRIAGED_PRIORITY_RANK = PRIORITY_RANK.normal;

export const RISK_FACTORS = [
  'immediateDanger',
  'childrenInHousehold',
  'threatsToKill',
  'strangulation',
  'weaponAccess',
  'escalatingViolence',
  'traffickingIndicators',
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];
export type RiskFactors = Record<RiskFactor, boolean>;

export interface Subject {
  identified: boolean;
  ageGroup?: AgeGroup;
  gender?: Gender;
}

export interface PreferredContact {
  channel: ContactChannel;
  phone?: string;
}

/** What a requester submits (validated by the API's DTO before it gets here). */
export interface ConsultationInput {
  concernTypes: ConcernType[];
  summary: string;
  subject: Subject;
  riskFactors: RiskFactors;
  requestedSupport: SupportKind[];
  preferredContact: PreferredContact;
}

/**
 * Encrypted fields of a view by their API path, named in `unreadableFields` when the stored value
 * cannot be decrypted (altered, copied from another row, or under a key no longer configured).
 */
export const UNREADABLE_CONSULTATION_FIELDS = [
  'summary',
  'preferredContact.phone',
  'priorityOverride.reason',
  'legalHold.reason',
] as const;
export type UnreadableConsultationField = (typeof UNREADABLE_CONSULTATION_FIELDS)[number];
export const UNREADABLE_MESSAGE_FIELDS = ['body'] as const;
export type UnreadableMessageField = (typeof UNREADABLE_MESSAGE_FIELDS)[number];

/** Who a staff member set the priority to and why (staff-only). Null reason: unreadable. */
export interface PriorityOverride {
  reason: string | null;
  overriddenBy: string;
  overriddenAt: Date;
}

/**
 * A legal hold (staff-only): the request is not purged while it stands. Null reason: unreadable.
 * `by` is null only for a hold whose setter's account is gone.
 */
export interface LegalHold {
  reason: string | null;
  since: Date;
  by: string | null;
}

/**
 * What stays of a purged request (docs/retention.md): no case text, nothing that points to a
 * person, enough for statistics. The tombstone's columns less the two kept for statistics only.
 */
export type ConsultationTombstone = Omit<TableRow<ConsultationTombstoneEntity>, TombstoneInternalColumn>;
export const TOMBSTONE_INTERNAL_COLUMNS = ['requesterId', 'firstAssignedAt'] as const;
type TombstoneInternalColumn = (typeof TOMBSTONE_INTERNAL_COLUMNS)[number];

/** The columns that pass into a view as stored (all but CONSULTATION_COLUMNS_NOT_IN_VIEW). */
export type ViewedConsultationColumns = Omit<
  TableRow<ConsultationEntity>,
  (typeof CONSULTATION_COLUMNS_NOT_IN_VIEW)[number]
>;

/**
 * A consultation as callers see it: decrypted, never the entity. The entity's columns pass through
 * (ViewedConsultationColumns); case text and grouped fields are added here. A field whose stored
 * value cannot be decrypted is null and named in `unreadableFields` (absent when all were read), so
 * that an urgent case stays workable. `closedAt`: when it was closed or withdrawn (the retention
 * clock starts here); null while open.
 */
export interface ConsultationView extends ViewedConsultationColumns {
  summary: string | null;
  preferredContact: { channel: ContactChannel; phone?: string | null };
  /** Staff only; absent for requesters. */
  priorityOverride?: PriorityOverride | null;
  /** Staff only; absent for requesters. */
  legalHold?: LegalHold | null;
  unreadableFields?: UnreadableConsultationField[];
}

/**
 * A request as lists show it (GET /consultations, GET /triage-queue): what a list needs to sort,
 * filter and pick a case, and no case text at all (no summary, no contact details, no override
 * reason), so nothing is read from a case without the per-case audit of GET /consultations/:id.
 */
export interface ConsultationListItem {
  id: string;
  reference: string;
  status: ConsultationStatus;
  version: number;
  concernTypes: ConcernType[];
  preferredContact: { channel: ContactChannel };
  priority: Priority | null;
  riskScore: number | null;
  triageReasons: string[];
  slaDueAt: Date | null;
  assigneeId: string | null;
  requesterId: string;
  organizationId: string | null;
  outcome: ConsultationOutcome | null;
  createdAt: Date;
  updatedAt: Date;
  /**
   * Staff lists only (absent for requesters): the on-duty investigator triage suggested, or null
   * (nobody was on duty, not triaged yet, or the account is gone).
   */
  suggestedAssignee?: { id: string; displayName: string } | null;
}

export interface ConsultationFilters {
  status?: ConsultationStatus;
  priority?: Priority;
  assigneeId?: string;
  concernType?: ConcernType;
}

export interface MessageView {
  id: string;
  consultationId: string;
  authorId: string;
  authorRole: string;
  /** Null when the stored body cannot be decrypted (then named in `unreadableFields`). */
  body: string | null;
  internal: boolean;
  createdAt: Date;
  unreadableFields?: UnreadableMessageField[];
}
