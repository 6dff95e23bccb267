import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DemoSeed, IdentityModule } from '@app/identity';
import { PlatformModule } from '@app/platform';
import { CliEnvironment } from './cli.config';

@Module({ imports: [PlatformModule, IdentityModule] })
class SeedDemoModule {}

/**
 * `npm run seed:demo`: one organization and one account per role, with printed credentials, for a
 * newcomer trying the API in /api/docs. Safe to run twice (existing accounts are left alone).
 * Refuses under NODE_ENV=production: the passwords are printed and well known.
 */
export async function seedDemo(env: CliEnvironment): Promise<number> {
  if (env.NODE_ENV === 'production') {
    console.error(
      'seed-demo refuses to run with NODE_ENV=production: it creates accounts with well-known passwords.',
    );
    return 1;
  }
  const app = await NestFactory.createApplicationContext(SeedDemoModule, { logger: false });
  try {
    const result = await app.get(DemoSeed).run();
    console.log(
      `organization "Demo organization" ${result.organizationId} ${result.organizationCreated ? 'created' : 'already existed'}`,
    );
    console.log('Log in with POST /api/v1/auth/login (or in /api/docs) as:');
    for (const account of result.accounts) {
      const note = account.created ? '' : ' (already existed; password as created)';
      console.log(`  ${account.role.padEnd(12)} ${account.email.padEnd(38)} ${account.password}${note}`);
    }
    return 0;
  } finally {
    await app.close();
  }
}
