import 'reflect-metadata';
import { InvalidEnvironmentError, validateEnvironment } from '@app/platform';
import { createApiApp } from './api-app.factory';
import { API_CONFIG } from './api.config';

async function main(): Promise<void> {
  let env;
  try {
    env = validateEnvironment(process.env, API_CONFIG);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      console.error(`consult-intake api cannot start. ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApiApp();
  await app.listen({ port: env.PORT, host: env.HOST });
}

main().catch((error) => {
  console.error('consult-intake api failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
