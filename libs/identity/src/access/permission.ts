/** Everything a route may require. Dotted values; roles map to them in role-permissions.ts. */
export enum Permission {
  SessionSelf = 'session.self',
  OrganizationCreate = 'organization.create',
  OrganizationList = 'organization.list',
  UserCreate = 'user.create',
  UserList = 'user.list',
  UserUpdate = 'user.update',
  /** Remove a user's second factors (a lost phone). */
  UserMfaReset = 'user.mfa_reset',
  /** List, approve and reject staff-role grants (supervisors; never for their own account). */
  RoleGrantReview = 'role_grant.review',
  ConsultationCreate = 'consultation.create',
  ConsultationRead = 'consultation.read',
  /** See every consultation, not only one's own (staff). */
  ConsultationReadAll = 'consultation.read_all',
  ConsultationList = 'consultation.list',
  ConsultationClaim = 'consultation.claim',
  ConsultationAssign = 'consultation.assign',
  ConsultationTriage = 'consultation.triage',
  /**
   * Lower the priority of a request someone else holds, or an immediate-danger request below
   * critical (supervisors): a demotion moves the deadline by days, so it is oversight's call.
   */
  ConsultationPriorityLower = 'consultation.priority_lower',
  ConsultationTransition = 'consultation.transition',
  ConsultationAccessLog = 'consultation.access_log',
  /** Set or release a legal hold, which keeps a request from being purged. */
  ConsultationLegalHold = 'consultation.legal_hold',
  /** See which requests are due for purge (no case text). */
  RetentionRead = 'retention.read',
  TriageQueueRead = 'triage_queue.read',
  MessageCreate = 'message.create',
  MessageList = 'message.list',
  MessageInternal = 'message.internal',
  AvailabilitySet = 'availability.set',
  NotificationRead = 'notification.read',
  StatsQueueRead = 'stats.queue_read',
  AuditRead = 'audit.read',
  AuditExport = 'audit.export',
  AuditVerify = 'audit.verify',
  AuditReport = 'audit.report',
}
