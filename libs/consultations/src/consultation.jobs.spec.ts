import { consultationJobIds } from './consultation.jobs';

describe('consultationJobIds', () => {
  // The ids are persisted in Bull (a republish deduplicates against a job kept for a day): changing
  // one makes a job published before the change run a second time.
  it('names each job as it always has', () => {
    const id = '8c0d7f5e-2b1c-4d8e-9f00-000000000001';
    expect(consultationJobIds.submitted(id)).toBe(`triage-${id}`);
    expect(consultationJobIds.submittedSwept(id, 42)).toBe(`triage-${id}-sweep-42`);
    expect(consultationJobIds.message('m1')).toBe('message-m1');
    expect(consultationJobIds.assigned(id, 3)).toBe(`assigned-${id}-3`);
    expect(consultationJobIds.priorityOverridden(id, 4)).toBe(`priority-overridden-${id}-4`);
  });
});
