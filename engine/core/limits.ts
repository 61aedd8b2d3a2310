/**
 * Every loop in the engine has a named bound. A bound that is hit is reported, never
 * silently ignored: `settle` says it gave up, a wait says it timed out.
 */
export const limits = {
  /** Controller sync steps one `settle()` may run before it reports that the cluster did not settle. */
  settleStepsMax: 2_000_000,
  /** Timers one `advance()` may fire (a probe every second on 1,000 pods for an hour is 3.6M). */
  advanceTimersMax: 5_000_000,
  /** Objects of one resource type the store accepts (bad input must not exhaust memory). */
  objectsPerResourceMax: 200_000,
  /** Names a generateName may try before giving up, as the API server retries on collision. */
  generateNameAttemptsMax: 16,
  /** Revision history a Deployment keeps at most, whatever revisionHistoryLimit says. */
  revisionHistoryMax: 100,
  /** Garbage collection passes over an ownership chain. */
  ownerChainDepthMax: 64,
} as const;
