import { ApiProperty } from '@nestjs/swagger';

export class LiveDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}

class ComponentStatusDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status: 'up' | 'down';
}

class ReadyComponentsDto {
  @ApiProperty({ type: ComponentStatusDto })
  database: ComponentStatusDto;

  @ApiProperty({
    type: ComponentStatusDto,
    description: 'Reported, not fatal: intake keeps working through the outbox.',
  })
  redis: ComponentStatusDto;
}

export class ReadyDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  @ApiProperty({ type: ReadyComponentsDto })
  info: ReadyComponentsDto;
}
