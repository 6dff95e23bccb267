import { Module } from '@nestjs/common';
import { IdentityConfig, identityConfig } from '@app/identity';
import { configProvider, PlatformModule } from '@app/platform';
import { WebConfigController } from './web-config.controller';

/** The web app's own API: its public settings. The app's files are served by serveWebApp (web-app.ts). */
@Module({
  imports: [PlatformModule],
  controllers: [WebConfigController],
  providers: [configProvider(IdentityConfig, identityConfig)],
})
export class WebModule {}
