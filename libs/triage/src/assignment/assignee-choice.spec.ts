import { chooseAssignee, InvestigatorLoad } from './assignee-choice';

const load = (
  investigatorId: string,
  openAssigned: number,
  lastAssignedAt: string | null,
): InvestigatorLoad => ({
  investigatorId,
  openAssigned,
  lastAssignedAt: lastAssignedAt === null ? null : new Date(lastAssignedAt),
});

describe('chooseAssignee', () => {
  it('suggests nobody when nobody is on duty', () => {
    expect(chooseAssignee([])).toBeNull();
  });

  it('suggests the investigator with the fewest open assigned requests', () => {
    expect(
      chooseAssignee([
        load('a', 3, '2026-01-05T10:00:00Z'),
        load('b', 1, '2026-01-05T11:00:00Z'),
        load('c', 2, '2026-01-01T10:00:00Z'),
      ]),
    ).toBe('b');
  });

  it('breaks a tie by who has waited longest since their last assignment', () => {
    expect(
      chooseAssignee([
        load('a', 1, '2026-01-05T10:00:00Z'),
        load('b', 1, '2026-01-03T10:00:00Z'),
        load('c', 1, '2026-01-04T10:00:00Z'),
      ]),
    ).toBe('b');
  });

  it('counts never having been assigned as the longest wait', () => {
    expect(chooseAssignee([load('a', 0, '2025-01-01T00:00:00Z'), load('b', 0, null)])).toBe('b');
  });

  it('prefers fewer open requests over a longer wait', () => {
    expect(chooseAssignee([load('a', 2, null), load('b', 1, '2026-01-05T10:00:00Z')])).toBe('b');
  });

  it('gives the same answer whatever the order of the candidates', () => {
    const loads = [load('d', 1, null), load('b', 1, null), load('c', 1, null), load('e', 4, null)];
    expect(chooseAssignee(loads)).toBe('b');
    expect(chooseAssignee([...loads].reverse())).toBe('b');
  });
});
