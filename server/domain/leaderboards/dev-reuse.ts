import 'server-only';
export interface DevReuseDto {
  /** Runs evaluated on this split's dev set, succeeded or stopped early (all of them, not only the ranked window). */
  runsScored: number;
  level: 'ok' | 'notice' | 'warning';
  message: string;
}

export const DEV_REUSE_NOTICE_ABOVE = 10;
export const DEV_REUSE_WARNING_ABOVE = 20;

/**
 * Every comparison on the same dev split leaks a little of it into the choices made: after many
 * runs the best dev score is an optimistic estimate (adaptive overfitting of the holdout).
 */
export function devReuseOf(runsScored: number): DevReuseDto {
  const runsText = `${runsScored} run${runsScored === 1 ? ' has' : 's have'} been evaluated on this dev split`;
  if (runsScored > DEV_REUSE_WARNING_ABOVE) {
    return {
      runsScored,
      level: 'warning',
      message:
        `Scores on this dev split are becoming optimistic; ${runsText}, and choices tuned on it start to fit its noise. ` +
        'Trust the Ladder view over the raw ranking, and confirm the winner once on the test split or refresh the dev split with new data.',
    };
  }
  if (runsScored > DEV_REUSE_NOTICE_ABOVE) {
    return {
      runsScored,
      level: 'notice',
      message: `${runsText}. Small differences between the top runs may already reflect tuning to this dev set.`,
    };
  }
  return { runsScored, level: 'ok', message: `${runsText}.` };
}
