import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, OrganizationsService, Permission } from '@app/identity';
import { ApiProblems } from '../common/api-problems.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateOrganizationDto, OrganizationDto, OrganizationPageDto } from './organization.dto';

@ApiTags('organizations')
@ApiBearerAuth('bearer')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @Allow(Permission.OrganizationCreate)
  @ApiOperation({ summary: 'Create an organization (admin)' })
  @ApiCreatedResponse({ type: OrganizationDto })
  @ApiProblems(400, 401, 403)
  async create(@Body() dto: CreateOrganizationDto): Promise<OrganizationDto> {
    return OrganizationDto.of(await this.organizations.create(dto.name, dto.kind));
  }

  @Get()
  @Allow(Permission.OrganizationList)
  @ApiOperation({ summary: 'List organizations (admin), oldest first', description: 'Audited as `organization.list` (the count).' })
  @ApiOkResponse({ type: OrganizationPageDto })
  @ApiProblems(400, 401, 403)
  async list(@Query() query: PageQueryDto): Promise<OrganizationPageDto> {
    const page = await this.organizations.list({ limit: query.limit, cursor: query.cursor });
    return { items: page.items.map(OrganizationDto.of), nextCursor: page.nextCursor };
  }
}
