import { describe, expect, it } from 'vitest';
import { describeFailureKind } from '@/app/components/runs/failure-kind';
import { formatPercent } from '@/app/lib/format';

describe('words and numbers on the pages', () => {
  it('prints a share that rounds to zero without a sign', () => {
    expect(formatPercent(-0.0001)).toBe('0.0%');
    expect(formatPercent(-0.00001, 2)).toBe('0.00%');
    expect(formatPercent(-0.012)).toBe('-1.2%');
    expect(formatPercent(0.953)).toBe('95.3%');
  });

  it('says why a run failed in words, not as a code', () => {
    expect(describeFailureKind('nan')).toBe('the loss became NaN');
    expect(describeFailureKind('worker_lost')).toBe('its worker stopped responding');
    expect(describeFailureKind('some_new_kind')).toBe('some new kind');
  });
});
