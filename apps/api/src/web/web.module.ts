import { Module } from '@nestjs/common';
import { WebConfigController } from './web-config.controller';

/** The web app's own API: its public settings. The app's files are served by serveWebApp (web-app.ts). */
@Module({ controllers: [WebConfigController] })
export class WebModule {}
