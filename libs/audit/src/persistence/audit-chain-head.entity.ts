import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The audit_chain_head table. */
@Check('audit_chain_head_id_check', '(id = 1)')
@Entity({ name: 'audit_chain_head' })
export class AuditChainHeadEntity {
  @PrimaryColumn('smallint')
  id: number;

  @Column('bigint')
  seq: string;

  @Column('text')
  hash: string;

  @Column('timestamptz', { name: 'last_occurred_at', default: () => "'-infinity'" })
  lastOccurredAt: Date;
}
