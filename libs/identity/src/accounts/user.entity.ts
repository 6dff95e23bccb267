import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKey, sqlAnyOf } from '@app/platform';
import { ROLES } from '../access/role';
import { OrganizationEntity } from './organization.entity';

/** The users table. */
@Index('users_page_idx', ['createdAt', 'id'])
@Index('users_role_page_idx', ['role', 'createdAt', 'id'])
@Index('users_organization_idx', ['organizationId'])
@Check('users_email_check', '((length(email) >= 3) AND (length(email) <= 254))')
@Check('users_display_name_check', '((length(display_name) >= 1) AND (length(display_name) <= 200))')
@Check('users_role_check', sqlAnyOf('role', ROLES))
@Check('users_requester_has_organization', "((role <> 'requester'::text) OR (organization_id IS NOT NULL))")
@Check('users_locale_check', "(locale = ANY (ARRAY['sv'::text, 'en'::text]))")
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  email: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column('text', { nullable: true })
  role: string | null;

  @Column('uuid', { name: 'organization_id', nullable: true })
  organizationId: string | null;

  @ManyToOne(() => OrganizationEntity)
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'users_organization_id_fkey' })
  readonly organization?: ForeignKey<OrganizationEntity>;

  @Column('boolean', { default: true })
  active: boolean;

  @Column('text', { name: 'password_hash', nullable: true })
  passwordHash: string | null;

  @Column('integer', { name: 'token_version', default: 1 })
  tokenVersion: number;

  @Column('integer', { default: 1 })
  version: number;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;

  @Column('text', { default: 'sv' })
  locale: string;
}
