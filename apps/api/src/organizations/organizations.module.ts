import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { OrganizationsController } from './organizations.controller';

@Module({
  imports: [IdentityModule],
  controllers: [OrganizationsController],
})
export class OrganizationsModule {}
