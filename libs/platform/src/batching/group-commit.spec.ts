import { GroupCommit, GroupCommitOptions, GroupOutcome } from './group-commit';

/** A commit that the test lets finish batch by batch, recording what each batch held. */
function controlledCommit() {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  let running = 0;
  let mostRunning = 0;
  const commit = async (items: readonly string[]): Promise<GroupOutcome<string>[]> => {
    batches.push([...items]);
    running += 1;
    mostRunning = Math.max(mostRunning, running);
    await new Promise<void>((resolve) => releases.push(resolve));
    running -= 1;
    return items.map((item) => `done:${item}`);
  };
  const releaseAll = async () => {
    while (releases.length > 0) {
      releases.splice(0).forEach((release) => release());
      await flush();
    }
  };
  return { commit, batches, releaseAll, mostRunning: () => mostRunning };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function groupCommit(overrides: Partial<GroupCommitOptions<string, string>>) {
  return new GroupCommit<string, string>({
    maxBatch: 3,
    maxInFlight: 1,
    maxTries: 3,
    commit: async (items) => items.map((item) => `done:${item}`),
    exhausted: (item) => new Error(`${item} kept losing`),
    ...overrides,
  });
}

describe('GroupCommit', () => {
  it('commits a lone item at once, as a batch of one', async () => {
    const commit = jest.fn(async (items: readonly string[]) => items.map((item) => `done:${item}`));
    await expect(groupCommit({ commit }).submit('a')).resolves.toBe('done:a');
    expect(commit).toHaveBeenCalledTimes(1);
    expect(commit).toHaveBeenCalledWith(['a']);
  });

  it('groups the items that arrive while a batch runs, at most maxBatch to a batch', async () => {
    const control = controlledCommit();
    const batcher = groupCommit({ commit: control.commit, maxBatch: 3, maxInFlight: 1 });
    const outcomes = ['a', 'b', 'c', 'd', 'e', 'f'].map((item) => batcher.submit(item));
    await control.releaseAll();
    await expect(Promise.all(outcomes)).resolves.toEqual([
      'done:a',
      'done:b',
      'done:c',
      'done:d',
      'done:e',
      'done:f',
    ]);
    // The first does not wait; the others arrived while it ran.
    expect(control.batches).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f']]);
  });

  it('runs at most maxInFlight batches at once', async () => {
    const control = controlledCommit();
    const batcher = groupCommit({ commit: control.commit, maxBatch: 2, maxInFlight: 2 });
    const outcomes = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((item) => batcher.submit(item));
    await flush();
    expect(control.batches).toEqual([['a'], ['b']]);
    await control.releaseAll();
    await Promise.all(outcomes);
    expect(control.mostRunning()).toBe(2);
    expect(control.batches).toEqual([['a'], ['b'], ['c', 'd'], ['e', 'f'], ['g']]);
  });

  it('tries the items of a failed batch one by one, so only the bad one fails', async () => {
    const tried: string[][] = [];
    const batcher = groupCommit({
      maxInFlight: 1,
      commit: async (items) => {
        tried.push([...items]);
        if (items.includes('bad')) throw new Error('bad item');
        return items.map((item) => `done:${item}`);
      },
    });
    const outcomes = ['a', 'bad', 'c'].map((item) => batcher.submit(item).catch((e: Error) => e.message));
    await expect(Promise.all(outcomes)).resolves.toEqual(['done:a', 'bad item', 'done:c']);
    expect(tried).toEqual([['a'], ['bad', 'c'], ['bad'], ['c']]);
  });

  it('tries an item that lost a race again in a later batch', async () => {
    let lost = false;
    const tried: string[][] = [];
    const batcher = groupCommit({
      commit: async (items) => {
        tried.push([...items]);
        return items.map((item) => {
          if (item === 'b' && !lost) {
            lost = true;
            return null;
          }
          return `done:${item}`;
        });
      },
    });
    const outcomes = ['a', 'b'].map((item) => batcher.submit(item));
    await expect(Promise.all(outcomes)).resolves.toEqual(['done:a', 'done:b']);
    expect(tried).toEqual([['a'], ['b'], ['b']]);
  });

  it('rejects an item that loses maxTries races with the error the caller gives', async () => {
    const commit = jest.fn(async (items: readonly string[]) => items.map(() => null));
    await expect(groupCommit({ commit, maxTries: 3 }).submit('a')).rejects.toThrow('a kept losing');
    expect(commit).toHaveBeenCalledTimes(3);
  });
});
