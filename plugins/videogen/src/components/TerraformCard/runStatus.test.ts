import { makeRun } from '../../__testUtils__/fixtures';
import { isActiveRun, planSummaryText, runRoles } from './runStatus';

describe('isActiveRun', () => {
  it('is true until a run reaches a terminal status', () => {
    expect(isActiveRun('AWAITING_APPROVAL')).toBe(true);
    expect(isActiveRun('SUCCEEDED')).toBe(false);
  });
});

describe('planSummaryText', () => {
  it('shows the changes, or why there are none', () => {
    expect(planSummaryText(makeRun())).toBe('+3 ~1 −0');
    expect(planSummaryText(makeRun({ planSummary: undefined }))).toBe(
      'no plan yet',
    );
    expect(
      planSummaryText(
        makeRun({ operation: 'destroy', planSummary: undefined }),
      ),
    ).toBe('—');
  });
});

describe('runRoles', () => {
  it('finds the holder, the run awaiting approval and the selected run', () => {
    const waiting = makeRun({ id: 'a', status: 'AWAITING_APPROVAL' });
    const done = makeRun({ id: 'b' });
    expect(runRoles([waiting, done], 'b')).toEqual({
      holder: waiting,
      awaiting: waiting,
      selected: done,
    });
    expect(runRoles([done])).toEqual({
      holder: undefined,
      awaiting: undefined,
      selected: undefined,
    });
  });
});
