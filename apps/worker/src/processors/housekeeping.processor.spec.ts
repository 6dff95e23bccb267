import { deleteInBatches } from './housekeeping.processor';

/** A table with `due` rows to delete; each call deletes up to `batch` of them. */
function table(due: number) {
  let left = due;
  const calls: number[] = [];
  const deleteBatch = async (batch: number) => {
    const deleted = Math.min(batch, left);
    left -= deleted;
    calls.push(deleted);
    return deleted;
  };
  return { deleteBatch, calls, left: () => left };
}

describe('deleteInBatches', () => {
  it('keeps deleting full batches until one comes back short', async () => {
    const rows = table(2500);
    expect(await deleteInBatches(rows.deleteBatch, 1000, 100)).toBe(2500);
    expect(rows.calls).toEqual([1000, 1000, 500]);
  });

  it('asks once more after an exactly full last batch, and stops at nothing left', async () => {
    const rows = table(2000);
    expect(await deleteInBatches(rows.deleteBatch, 1000, 100)).toBe(2000);
    expect(rows.calls).toEqual([1000, 1000, 0]);
  });

  it('stops at the cap and leaves the rest for the next run', async () => {
    const rows = table(10);
    expect(await deleteInBatches(rows.deleteBatch, 2, 3)).toBe(6);
    expect(rows.left()).toBe(4);
  });

  it('makes one call when nothing is due', async () => {
    const rows = table(0);
    expect(await deleteInBatches(rows.deleteBatch)).toBe(0);
    expect(rows.calls).toEqual([0]);
  });
});
