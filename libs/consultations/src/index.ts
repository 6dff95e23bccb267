export * from './consultations.module';
export * from './consultation-intake.service';
export * from './consultation-reading.service';
export * from './consultation-workflow.service';
export * from './consultation-messages.service';
export * from './consultation-facts.service';
export * from './consultation-triage-writes.service';
export * from './retention/consultation-retention.service';
export * from './statistics/consultation-statistics.service';
export type { DueRequest } from './retention/retention.repository';
export * from './privacy/data-key';
export * from './consultation/consultation.types';
export type {
  AssignmentLoad,
  QueueStatistics,
  TriageFacts,
  WorkerTriageApplied,
} from './consultation/consultation.repository';
export * from './advice/immediate-danger-advice';
export * from './pagination/list-keys';
export * from './privacy/identifying-data.detector';
export * from './privacy/encrypted-fields';
export * from './privacy/key-rotation';
export * from './workflow/consultation-status.machine';
export { CONSULTATIONS_ENTITIES } from './consultations.entities';
export { ConsultationEntity } from './consultation/consultation.entity';
export * from './consultations.config';
export { CONSULTATIONS_MIGRATIONS } from './migrations';
export * from './consultation.jobs';
