import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, AuthenticatedActor, CurrentActor, Permission } from '@app/identity';
import { InvestigatorDirectoryService } from '@app/staffing';
import { ApiProblems } from '../common/api-problems.decorator';
import { InvestigatorListDto } from './availability.dto';

@ApiTags('triage')
@ApiBearerAuth('bearer')
@Controller('investigators')
export class InvestigatorsController {
  constructor(private readonly directory: InvestigatorDirectoryService) {}

  @Get()
  @Allow(Permission.ConsultationAssign)
  @ApiOperation({
    summary: 'The investigators one can assign to (supervisor)',
    description:
      'Every investigator who can log in (not deactivated, invitation accepted) with their duty state and how many ' +
      'open requests they hold: on duty first, then ' +
      'the fewest open requests, then by name. No case text, no email. The list is short (the staff), so it is not paged. ' +
      'Other roles: 403.',
  })
  @ApiOkResponse({ type: InvestigatorListDto })
  @ApiProblems(401, 403)
  async list(@CurrentActor() actor: AuthenticatedActor): Promise<InvestigatorListDto> {
    return InvestigatorListDto.of(await this.directory.list(actor));
  }
}
