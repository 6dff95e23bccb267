/**
 * A batch's answer for one item: its outcome, or `null` when the item lost a race (something it
 * read changed before the batch wrote) and must be tried again in a later batch.
 */
export type GroupOutcome<R> = R | null;

export interface GroupCommitOptions<T, R> {
  /** At most this many items go into one batch... */
  maxBatch: number;
  /** ...and at most this many batches run at once. */
  maxInFlight: number;
  /** Tries of one item that keeps losing races (answered `null`) before it is rejected. */
  maxTries: number;
  /**
   * One try of a batch, all or nothing (one transaction): an outcome for each item, by position.
   * Throwing must mean that nothing of the batch was written.
   */
  commit: (items: readonly T[]) => Promise<GroupOutcome<R>[]>;
  /** The error an item is rejected with after `maxTries` lost races. */
  exhausted: (item: T) => Error;
}

interface Waiting<T, R> {
  item: T;
  tries: number;
  resolve: (outcome: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items submitted while earlier batches are running wait and go together into the
 * next batch, so a fixed cost per transaction (a lock every writer queues for, the commit's
 * flush) is paid once per batch instead of once per item. A lone item is a batch of one and does
 * not wait. If a batch throws, its items are tried one by one, so one bad item fails only its own
 * promise; an item that lost a race goes to the back of the queue for another try.
 */
export class GroupCommit<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  private inFlight = 0;

  constructor(private readonly options: GroupCommitOptions<T, R>) {}

  /** Settles with the item's outcome once a batch holding it has committed. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, tries: 0, resolve, reject });
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.startBatches();
      });
    }
  }

  /** Settles every item of the batch, or sends it back to the queue for another try. */
  private async run(batch: Waiting<T, R>[]): Promise<void> {
    let outcomes: GroupOutcome<R>[];
    try {
      outcomes = await this.options.commit(batch.map((w) => w.item));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      // Nothing of the batch was written: try each item on its own, so the error stays with its item.
      for (const one of batch) await this.run([one]);
      return;
    }
    batch.forEach((w, i) => {
      const outcome = outcomes[i];
      if (outcome !== null && outcome !== undefined) w.resolve(outcome);
      else if (w.tries + 1 >= this.options.maxTries) w.reject(this.options.exhausted(w.item));
      else this.waiting.push({ ...w, tries: w.tries + 1 });
    });
  }
}
