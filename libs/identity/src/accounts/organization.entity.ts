import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The organizations table. */
@Index('organizations_page_idx', ['createdAt', 'id'])
@Check('organizations_name_check', '((length(name) >= 1) AND (length(name) <= 200))')
@Check(
  'organizations_kind_check',
  "(kind = ANY (ARRAY['school'::text, 'health_care'::text, 'social_services'::text, 'police'::text, 'ngo'::text, 'other'::text]))",
)
@Entity({ name: 'organizations' })
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  kind: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
