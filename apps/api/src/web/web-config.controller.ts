import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { oidcSettings, Public } from '@app/identity';
import { ApiProblems } from '../common/api-problems.decorator';
import { IdentityConfig } from '@app/identity';

export class WebConfigDto {
  @ApiProperty({
    type: 'integer',
    description: 'Minutes without use after which the web app warns, then logs out (SESSION_IDLE_MINUTES).',
    example: 30,
  })
  sessionIdleMinutes: number;

  @ApiProperty({
    description: 'Whether single sign-on with the OpenID Provider is on (GET /auth/oidc/login): the login page then offers it.',
    example: false,
  })
  singleSignOn: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: 60,
    description: "The provider's name for the login page's button (OIDC_DISPLAY_NAME); null: a generic label.",
    example: null,
  })
  singleSignOnName: string | null;
}

/** What the web app needs to know before anyone logs in. Nothing here is secret. */
@ApiTags('web')
@Controller('web-config')
export class WebConfigController {
  constructor(private readonly config: IdentityConfig) {}

  @Get()
  @Public()
  @ApiSecurity({})
  @ApiOperation({ summary: "The web app's settings" })
  @ApiOkResponse({ type: WebConfigDto })
  @ApiProblems(400)
  get(): WebConfigDto {
    const singleSignOn = oidcSettings(this.config);
    return {
      sessionIdleMinutes: this.config.get('SESSION_IDLE_MINUTES'),
      singleSignOn: singleSignOn !== null,
      singleSignOnName: singleSignOn?.displayName ?? null,
    };
  }
}
