import { Body, Controller, Get, HttpCode, HttpStatus, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, AuthenticatedActor, CurrentActor, Permission } from '@app/identity';
import { AvailabilityService } from '@app/staffing';
import { ApiProblems } from '../common/api-problems.decorator';
import { AvailabilityDto, SetAvailabilityDto } from './availability.dto';

@ApiTags('triage')
@ApiBearerAuth('bearer')
@Controller('me/availability')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get()
  @Allow(Permission.AvailabilitySet)
  @ApiOperation({
    summary: 'Whether I am on duty (investigator)',
    description: 'The state PUT /me/availability last set; off duty until it was ever set. Other roles: 403.',
  })
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiProblems(401, 403)
  async get(@CurrentActor() actor: AuthenticatedActor): Promise<AvailabilityDto> {
    return AvailabilityDto.of(await this.availability.ownDuty(actor));
  }

  @Put()
  @HttpCode(HttpStatus.OK)
  @Allow(Permission.AvailabilitySet)
  @ApiOperation({
    summary: 'Go on or off duty (investigator)',
    description:
      'On-duty investigators are notified of new critical requests and are the candidates for assignment suggestions ' +
      'and for the automatic assignment of an unclaimed critical request. Other roles: 403.',
  })
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiProblems(400, 401, 403)
  async set(
    @CurrentActor() actor: AuthenticatedActor,
    @Body() dto: SetAvailabilityDto,
  ): Promise<AvailabilityDto> {
    return AvailabilityDto.of(await this.availability.setOwnDuty(actor, dto.onDuty));
  }
}
