import { ApiProperty } from '@nestjs/swagger';
import { Organization, ORGANIZATION_KINDS, OrganizationKind } from '@app/identity';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length } from 'class-validator';

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Solskolan' })
  name: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  kind: OrganizationKind;

  @ApiProperty()
  createdAt: string;

  static of(organization: Organization): OrganizationDto {
    return {
      id: organization.id,
      name: organization.name,
      kind: organization.kind,
      createdAt: organization.createdAt.toISOString(),
    };
  }
}

export class OrganizationPageDto {
  @ApiProperty({ type: [OrganizationDto] })
  items: OrganizationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Solskolan' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  @IsIn(ORGANIZATION_KINDS)
  kind: OrganizationKind;
}
