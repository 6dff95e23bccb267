import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { RoleGrantsController } from './role-grants.controller';

@Module({
  imports: [IdentityModule],
  controllers: [RoleGrantsController],
})
export class RoleGrantsModule {}
