import { TimeoutError, withTimeout } from './with-timeout';

describe('withTimeout', () => {
  afterEach(() => jest.useRealTimers());

  it('settles as the promise does when it is in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'answer')).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('refused')), 1000, 'answer')).rejects.toThrow(
      'refused',
    );
  });

  it('rejects with a TimeoutError naming what was waited for once the time is up', async () => {
    jest.useFakeTimers();
    const outcome = withTimeout(new Promise(() => undefined), 2000, 'publish');
    jest.advanceTimersByTime(2000);
    await expect(outcome).rejects.toThrow(TimeoutError);
    await expect(outcome).rejects.toThrow(/^publish timed out after 2000 ms$/);
  });

  it('leaves no timer behind', async () => {
    jest.useFakeTimers();
    await withTimeout(Promise.resolve(1), 60_000, 'answer');
    expect(jest.getTimerCount()).toBe(0);
  });
});
