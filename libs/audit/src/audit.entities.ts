import { AuditArchiveEntity } from './persistence/audit-archive.entity';
import { AuditChainHeadEntity } from './persistence/audit-chain-head.entity';
import { AuditCheckpointEntity } from './persistence/audit-checkpoint.entity';
import { AuditEventEntity } from './persistence/audit-event.entity';

/** The tables this lib owns, one entity each (registered with TypeORM; the schema test compares them). */
export const AUDIT_ENTITIES = [
  AuditArchiveEntity,
  AuditChainHeadEntity,
  AuditCheckpointEntity,
  AuditEventEntity,
];
