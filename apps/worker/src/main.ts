import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { InvalidEnvironmentError, validateEnvironment } from '@app/platform';
import { Logger } from 'nestjs-pino';
import { WORKER_CONFIG } from './worker.config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  try {
    validateEnvironment(process.env, WORKER_CONFIG);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      console.error(`consult-intake worker cannot start. ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // On SIGTERM Nest closes the Bull processors (the active job finishes or is released to stall
  // recovery) and stops the outbox relay after its current batch.
  app.enableShutdownHooks();
  await app.init();
}

main().catch((error) => {
  console.error('consult-intake worker failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
