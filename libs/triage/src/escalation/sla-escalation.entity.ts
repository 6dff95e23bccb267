import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { ConsultationEntity } from '@app/consultations';

/** The sla_escalations table. */
@Check('sla_escalations_round_check', '(round >= 0)')
@Check(
  'sla_escalations_kind_check',
  "(kind = ANY (ARRAY['warning'::text, 'breach'::text, 'auto_assign'::text]))",
)
@Entity({ name: 'sla_escalations' })
export class SlaEscalationEntity {
  @PrimaryColumn('uuid', { name: 'consultation_id' })
  consultationId: string;

  @ManyToOne(() => ConsultationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consultation_id', foreignKeyConstraintName: 'sla_escalations_consultation_id_fkey' })
  readonly consultation?: ForeignKey<ConsultationEntity>;

  @PrimaryColumn('text')
  kind: string;

  @PrimaryColumn('integer')
  round: number;

  @PrimaryColumn('timestamptz', { name: 'due_at' })
  dueAt: Date;

  @Column('timestamptz', { name: 'fired_at', default: () => 'now()' })
  firedAt: Date;
}
