import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConsultationRetentionService, ConsultationsModule } from '@app/consultations';
import { PlatformModule } from '@app/platform';
import { CliEnvironment } from './cli.config';

@Module({ imports: [PlatformModule, ConsultationsModule] })
class RetentionCommandModule {}

/**
 * `npm run retention:run`: purges now what the worker would purge at its next daily run: closed
 * and withdrawn requests that ended more than RETENTION_CLOSED_DAYS ago, without a legal hold
 * (docs/retention.md). Run it after restoring a backup, before opening the service. Idempotent;
 * after a crash, run it again. Exit code 0 also when nothing was due.
 */
export async function retentionRun(_env: CliEnvironment, args: string[]): Promise<number> {
  if (args.length > 0) {
    console.error(
      'retention:run takes no arguments (RETENTION_CLOSED_DAYS and RETENTION_BATCH_SIZE configure it)',
    );
    return 2;
  }
  const app = await NestFactory.createApplicationContext(RetentionCommandModule, {
    logger: ['error', 'warn'],
  });
  try {
    const report = await app.get(ConsultationRetentionService).purgeDue();
    console.log(`purged ${report.purged} request(s) in ${report.batches} batch(es)`);
    return 0;
  } finally {
    await app.close();
  }
}
