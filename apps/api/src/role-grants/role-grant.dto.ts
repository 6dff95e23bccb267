import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  GRANTED_ROLES,
  Role,
  ROLE_GRANT_STATUSES,
  RoleGrantStatus,
  RoleGrantView,
  ROLES,
} from '@app/identity';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto } from '../common/page-query.dto';

export class RoleGrantIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class ListRoleGrantsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLE_GRANT_STATUSES, description: 'Absent: every status.' })
  @IsOptional()
  @IsIn(ROLE_GRANT_STATUSES)
  status?: RoleGrantStatus;
}

export class RejectRoleGrantDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    example: 'Not part of the investigation team.',
    description: 'Kept with the grant; not in the audit trail.',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 500)
  reason: string;
}

/** A staff-role grant: who it is for, the role asked for, who asked and when, and its decision. */
export class RoleGrantDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', description: 'The account the role is for.' })
  userId: string;

  @ApiProperty({ example: 'anna@example.org' })
  email: string;

  @ApiProperty({ example: 'Anna Andersson' })
  displayName: string;

  @ApiProperty({ enum: ROLES, nullable: true, description: 'The account’s role now (null: none yet).' })
  currentRole: Role | null;

  @ApiProperty({
    description: 'Whether the account is active (a deactivated account’s grant cannot be approved).',
  })
  active: boolean;

  @ApiProperty({ enum: GRANTED_ROLES, description: 'The role asked for.' })
  role: Role;

  @ApiProperty({
    enum: ROLES,
    nullable: true,
    description: 'The account’s role when the grant was asked for.',
  })
  previousRole: Role | null;

  @ApiProperty({
    enum: ROLE_GRANT_STATUSES,
    description:
      '`withdrawn`: the admin changed the role otherwise or deactivated the account; `superseded`: a newer grant replaced it.',
  })
  status: RoleGrantStatus;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The admin who asked.' })
  requestedBy: string | null;

  @ApiProperty({ nullable: true, type: String })
  requestedByName: string | null;

  @ApiProperty({ format: 'date-time' })
  requestedAt: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  decidedBy: string | null;

  @ApiProperty({ nullable: true, type: String })
  decidedByName: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  decidedAt: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'A rejection’s reason.' })
  reason: string | null;

  static of(grant: RoleGrantView): RoleGrantDto {
    return {
      id: grant.id,
      userId: grant.userId,
      email: grant.email,
      displayName: grant.displayName,
      currentRole: grant.currentRole,
      active: grant.active,
      role: grant.role,
      previousRole: grant.previousRole,
      status: grant.status,
      requestedBy: grant.requestedBy,
      requestedByName: grant.requestedByName,
      requestedAt: grant.requestedAt.toISOString(),
      decidedBy: grant.decidedBy,
      decidedByName: grant.decidedByName,
      decidedAt: grant.decidedAt?.toISOString() ?? null,
      reason: grant.reason,
    };
  }
}

export class RoleGrantPageDto {
  @ApiProperty({ type: [RoleGrantDto] })
  items: RoleGrantDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
