import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The audit_checkpoints table. */
@Entity({ name: 'audit_checkpoints' })
export class AuditCheckpointEntity {
  @PrimaryColumn('bigint')
  seq: string;

  @Column('text', { name: 'head_hash' })
  headHash: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('text')
  signature: string;

  @Column('text', { name: 'key_id' })
  keyId: string;
}
