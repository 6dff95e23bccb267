import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { TriageService } from '@app/triage';
import { Logger } from 'nestjs-pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/** Long enough for a test to see the jobs active and kill the process before anything is written. */
const DELAY_MS = 5000;

/** Each triage job waits before it reads or writes anything: the process holds active jobs to kill. */
class SlowTriageService extends TriageService {
  override async triage(consultationId: string): ReturnType<TriageService['triage']> {
    await sleep(DELAY_MS);
    return super.triage(consultationId);
  }
}

/**
 * The worker as apps/worker/src/main.ts starts it, with triage slowed down: the process a test
 * kills in the middle of triage jobs (test/triage-worker-crash.e2e-spec.ts). Run with
 * `node -r test/support/ts-register.js test/support/slow-triage-worker.ts` (WorkerProcess).
 */
async function main(): Promise<void> {
  const worker = await Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(TriageService)
    .useClass(SlowTriageService)
    .compile();
  worker.useLogger(worker.get(Logger));
  worker.enableShutdownHooks();
  await worker.init();
}

main().catch((error) => {
  console.error('slow triage worker failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
