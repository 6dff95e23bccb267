import { ConsultationEntity } from './consultation/consultation.entity';
import { ConsultationIdempotencyKeyEntity } from './idempotency/consultation-idempotency-key.entity';
import { IntakeRateEntity } from './intake-limit/intake-rate.entity';
import { ConsultationKeyEntity } from './keys/consultation-key.entity';
import { ConsultationMessageEntity } from './messages/consultation-message.entity';
import { ConsultationTombstoneEntity } from './retention/consultation-tombstone.entity';
import { ConsultationStatusChangeEntity } from './workflow/consultation-status-change.entity';

/** The tables this lib owns, one entity each (registered with TypeORM; the schema test compares them). */
export const CONSULTATIONS_ENTITIES = [
  ConsultationEntity,
  ConsultationIdempotencyKeyEntity,
  IntakeRateEntity,
  ConsultationKeyEntity,
  ConsultationMessageEntity,
  ConsultationTombstoneEntity,
  ConsultationStatusChangeEntity,
];
