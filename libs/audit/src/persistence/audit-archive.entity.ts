import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The audit_archives table. */
@Entity({ name: 'audit_archives' })
export class AuditArchiveEntity {
  @PrimaryColumn('bigint')
  seq: string;

  @Column('text', { name: 'head_hash' })
  headHash: string;

  @Column('bigint')
  events: string;

  @Column('text', { name: 'archive_sha256' })
  archiveSha256: string;

  @Column('timestamptz', { name: 'archived_at', default: () => 'now()' })
  archivedAt: Date;
}
