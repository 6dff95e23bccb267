import { Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { RepeatableSchedules, RESCHEDULE_EVERY_MS } from './repeatable-schedules';

/** A Bull queue's repeatable-job calls over a plain list, with a switch to fail like Redis down. */
function fakeQueue() {
  const jobs: { name: string; every: number; key: string }[] = [];
  const state = { down: false };
  const queue = {
    getRepeatableJobs: jest.fn(async () => {
      if (state.down) throw new Error('Redis is down');
      return jobs.map((job) => ({ ...job, every: String(job.every) }));
    }),
    removeRepeatableByKey: jest.fn(async (key: string) => {
      jobs.splice(
        jobs.findIndex((job) => job.key === key),
        1,
      );
    }),
    add: jest.fn(
      async (name: string, _data: unknown, options: { repeat: { every: number }; jobId: string }) => {
        const key = `${name}:${options.jobId}:${options.repeat.every}`;
        if (!jobs.some((job) => job.key === key)) jobs.push({ name, every: options.repeat.every, key });
      },
    ),
  };
  return { queue: queue as unknown as Queue, jobs, state };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('RepeatableSchedules', () => {
  let schedules: RepeatableSchedules;

  beforeEach(() => {
    schedules = new RepeatableSchedules();
  });
  afterEach(() => {
    schedules.onApplicationShutdown();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('schedules every kept job at start and puts back whatever Redis forgot at the next check', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const maintenance = fakeQueue();
    const mail = fakeQueue();
    schedules.keep(
      maintenance.queue,
      [{ name: 'audit.checkpoint', everyMs: 60_000, jobId: 'audit-checkpoint' }],
      'audit checkpoints',
    );
    schedules.keep(
      mail.queue,
      [{ name: 'mail.sweep', everyMs: 30_000, jobId: 'mail-sweep' }],
      'the mail sweeper',
    );
    schedules.onApplicationBootstrap();
    await flush();
    expect(maintenance.jobs.map((job) => job.name)).toEqual(['audit.checkpoint']);
    expect(mail.jobs.map((job) => job.name)).toEqual(['mail.sweep']);

    maintenance.jobs.length = 0;
    mail.jobs.length = 0;
    jest.advanceTimersByTime(RESCHEDULE_EVERY_MS);
    await flush();
    expect(maintenance.jobs.map((job) => job.name)).toEqual(['audit.checkpoint']);
    expect(mail.jobs.map((job) => job.name)).toEqual(['mail.sweep']);
  });

  it('replaces a schedule of the same name left with another interval', async () => {
    const { queue, jobs } = fakeQueue();
    jobs.push(
      { name: 'triage.sweep', every: 5000, key: 'old' },
      { name: 'other', every: 5000, key: 'other' },
    );
    schedules.keep(
      queue,
      [{ name: 'triage.sweep', everyMs: 10_000, jobId: 'triage-sweep' }],
      'the triage sweeper',
    );
    await schedules.ensure();
    expect(jobs.map(({ name, every }) => ({ name, every }))).toEqual([
      { name: 'other', every: 5000 },
      { name: 'triage.sweep', every: 10_000 },
    ]);
  });

  it('warns once per outage and never throws', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { queue, jobs, state } = fakeQueue();
    schedules.keep(
      queue,
      [{ name: 'retention.purge', everyMs: 1000, jobId: 'retention-purge' }],
      'retention',
    );
    state.down = true;
    await schedules.ensure();
    await schedules.ensure();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][1]).toBe('could not schedule retention; will retry');
    state.down = false;
    await schedules.ensure();
    expect(jobs).toHaveLength(1);
    state.down = true;
    await schedules.ensure();
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('starts no timer when nothing is kept', () => {
    jest.useFakeTimers();
    schedules.onApplicationBootstrap();
    expect(jest.getTimerCount()).toBe(0);
  });
});
