import type { TFunction } from 'i18next';
import type { Schemas } from '../../api/client';

/** The API's words for a request, typed from the generated schema (never by hand). */
export type Consultation = Schemas['ConsultationDto'];
export type ConsultationItem = Schemas['ConsultationListItemDto'];
export type Priority = NonNullable<ConsultationItem['priority']>;
export type Status = ConsultationItem['status'];
export type Outcome = NonNullable<Consultation['outcome']>;
export type ActorRole = Schemas['AuditEventDto']['actorRole'];

export const PRIORITIES: readonly Priority[] = ['critical', 'high', 'normal', 'low'];
export const STATUSES: readonly Status[] = [
  'submitted',
  'triaged',
  'assigned',
  'in_progress',
  'awaiting_requester',
  'closed',
  'withdrawn',
];
export const OUTCOMES: readonly Outcome[] = [
  'advice_given',
  'referred',
  'police_report_supported',
  'protection_arranged',
  'no_action',
];
export const OPEN_STATUSES: readonly Status[] = [
  'submitted',
  'triaged',
  'assigned',
  'in_progress',
  'awaiting_requester',
];

/** The moves staff make on a case they work (api.md "Statuses"; the server decides, this only offers). */
const CASEWORK: Partial<Record<Status, readonly Status[]>> = {
  assigned: ['in_progress'],
  in_progress: ['awaiting_requester', 'closed'],
  awaiting_requester: ['in_progress', 'closed'],
};

/**
 * The transitions offered as buttons: an investigator moves the cases they hold, a supervisor any
 * case, and may reopen a closed one. The server still checks; a 409 names the allowed moves.
 */
export function movesFor(
  consultation: Pick<Consultation, 'status' | 'assigneeId'>,
  role: string,
  userId: string,
): readonly Status[] {
  if (role === 'supervisor') {
    return consultation.status === 'closed' ? ['in_progress'] : (CASEWORK[consultation.status] ?? []);
  }
  if (role === 'investigator' && consultation.assigneeId === userId) {
    return CASEWORK[consultation.status] ?? [];
  }
  return [];
}

/** A triage reason in words: `concern:sexual_violence` → pages.staff.reason.concern_sexual_violence. */
export function reasonText(t: TFunction, reason: string): string {
  const key = reason.replace(/[^a-z_]/gi, '_');
  const known = t(`pages.staff.reason.${key}` as 'pages.staff.reason.unknown', { reason, defaultValue: '' });
  return known || t('pages.staff.reason.unknown', { reason });
}

export function statusText(t: TFunction, status: Status): string {
  return t(`pages.staff.status.${status}`);
}

export function priorityText(t: TFunction, priority: Priority | null): string {
  return t(`pages.staff.priority.${priority ?? 'none'}`);
}

/** A list of statuses as words, for sentences such as the 409 "it can move to: …". */
export function statusList(t: TFunction, language: string, statuses: readonly string[]): string {
  const words = statuses.map((s) =>
    (STATUSES as readonly string[]).includes(s) ? statusText(t, s as Status) : s,
  );
  return new Intl.ListFormat(language, { type: 'disjunction' }).format(words);
}
