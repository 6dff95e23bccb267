import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GRANTED_ROLES, Role, RoleGrant, ROLES, User, USER_STATUSES, UserStatus } from '@app/identity';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../common/page-query.dto';

/** `user` in api.md. Never a password or hash. */
export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'anna@example.org' })
  email: string;

  @ApiProperty({ example: 'Anna Andersson' })
  displayName: string;

  @ApiProperty({
    enum: ROLES,
    nullable: true,
    description: 'Null: no role yet, an account created for investigator or supervisor whose grant a supervisor has not approved (it can only see itself).',
  })
  role: Role | null;

  @ApiProperty({
    enum: ROLES,
    nullable: true,
    description: 'The role of the account’s pending grant, waiting for a supervisor’s approval (docs/accounts.md); null when none.',
  })
  pendingRole: Role | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  organizationId: string | null;

  @ApiProperty({ description: 'False once an admin deactivated the account (an invited account is active: see `status`).' })
  active: boolean;

  @ApiProperty({
    enum: USER_STATUSES,
    description:
      '`invited`: created without a password, waiting for the person to set one through the link in their invitation (cannot log in yet); `active`; `deactivated`.',
  })
  status: UserStatus;

  @ApiProperty({ type: 'integer', description: 'Optimistic-concurrency version; send it as If-Match when changing the user.' })
  version: number;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;

  static of(user: User): UserDto {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      pendingRole: user.pendingRole,
      organizationId: user.organizationId,
      active: user.active,
      status: user.status,
      version: user.version,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    };
  }
}

/** 202: the role waits for a supervisor's approval (docs/accounts.md "Role grants"). */
export class RoleGrantPendingDto {
  @ApiProperty({ format: 'uuid', description: 'The pending grant (`GET /role-grants`).' })
  grantId: string;

  @ApiProperty({ enum: ['pending'] })
  status: 'pending';

  @ApiProperty({ format: 'uuid', description: 'The account the grant is for (on creation: the account created).' })
  userId: string;

  @ApiProperty({ enum: GRANTED_ROLES })
  requestedRole: Role;

  @ApiProperty({ type: UserDto, description: 'The account as it is now: its previous role (a new account: none) and `pendingRole`.' })
  user: UserDto;

  static of({ user, grant }: { user: User; grant: RoleGrant }): RoleGrantPendingDto {
    return { grantId: grant.id, status: 'pending', userId: user.id, requestedRole: grant.role, user: UserDto.of(user) };
  }
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] })
  items: UserDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUserDto {
  @ApiProperty({ example: 'anna@example.org', description: 'Unique, case-insensitively.' })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Anna Andersson' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({
    minLength: 12,
    maxLength: 256,
    description:
      'Requesters only, and optional: without it the account is invited (an email with a one-time link where the person sets their own password, valid INVITATION_TTL_HOURS). ' +
      'Staff accounts (investigator, supervisor, admin) are always invited: a password for them is 400. Stored only as an argon2id hash.',
  })
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  password?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for requesters.' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({
    enum: ROLES,
    description:
      'Ends the user’s current logins. Investigator or supervisor (other than the current role) is asked for as a grant: 202, pending a supervisor’s approval. ' +
      'Any other role, the current one, or `active: false` withdraws the account’s pending grant.',
  })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'false deactivates the account and ends its logins at once.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ enum: USER_STATUSES })
  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: UserStatus;
}
