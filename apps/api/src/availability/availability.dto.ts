import { ApiProperty } from '@nestjs/swagger';
import { InvestigatorEntry } from '@app/staffing';
import { IsBoolean, IsDefined } from 'class-validator';

export class SetAvailabilityDto {
  @ApiProperty({
    description: 'true: on duty (gets critical-request notifications and assignment suggestions).',
  })
  @IsDefined()
  @IsBoolean()
  onDuty: boolean;
}

export class AvailabilityDto {
  @ApiProperty()
  onDuty: boolean;

  static of(availability: { onDuty: boolean }): AvailabilityDto {
    return { onDuty: availability.onDuty };
  }
}

export class InvestigatorDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Demo investigator' })
  displayName: string;

  @ApiProperty({ description: 'On duty now (PUT /me/availability).' })
  onDuty: boolean;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Requests assigned to them and not yet closed or withdrawn.',
  })
  openCases: number;

  static of(entry: InvestigatorEntry): InvestigatorDto {
    return {
      id: entry.id,
      displayName: entry.displayName,
      onDuty: entry.onDuty,
      openCases: entry.openAssigned,
    };
  }
}

export class InvestigatorListDto {
  @ApiProperty({ type: [InvestigatorDto] })
  items: InvestigatorDto[];

  static of(entries: readonly InvestigatorEntry[]): InvestigatorListDto {
    return { items: entries.map((entry) => InvestigatorDto.of(entry)) };
  }
}
