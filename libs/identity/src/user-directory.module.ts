import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IDENTITY_ENTITIES } from './identity.entities';
import { configProvider, PlatformModule } from '@app/platform';
import { AccountLinks } from './account-links/account-links';
import { AccountLinksRepository } from './account-links/account-links.repository';
import { LinkTokens } from './account-links/link-tokens';
import { UserDirectory } from './accounts/user-directory';
import { UsersRepository } from './accounts/users.repository';
import { IdentityConfig, identityConfig } from './identity.config';

/**
 * What other features need of identity, in the worker as in the API: account lookups
 * (UserDirectory) and the invitation and reset links as the mail path sees them (AccountLinks).
 * Roles and permissions are plain values (`Role`, `roleHas`), imported, not injected. No login, no
 * sessions, no throttle, no guard: those are IdentityModule's, which only the API (and the CLI's
 * demo seed) imports.
 *
 * The repositories and LinkTokens are exported for IdentityModule alone, so that each has one
 * instance; other libs cannot name them (the lib's index does not export them).
 */
@Module({
  imports: [PlatformModule, TypeOrmModule.forFeature(IDENTITY_ENTITIES)],
  providers: [configProvider(IdentityConfig, identityConfig), UsersRepository, UserDirectory, AccountLinksRepository, LinkTokens, AccountLinks],
  exports: [IdentityConfig, UserDirectory, AccountLinks, UsersRepository, AccountLinksRepository, LinkTokens],
})
export class UserDirectoryModule {}
