import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The consultation_messages table, for TypeORM's metadata; reads and writes use lean SQL. */
@Entity({ name: 'consultation_messages' })
export class ConsultationMessageEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'consultation_id' })
  consultationId: string;

  @Column('uuid', { name: 'author_id' })
  authorId: string;

  @Column('text', { name: 'author_role' })
  authorRole: string;

  /** Ciphertext. */
  @Column('text')
  body: string;

  @Column('boolean', { default: false })
  internal: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
