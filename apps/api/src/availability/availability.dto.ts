import { ApiProperty } from '@nestjs/swagger';
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
