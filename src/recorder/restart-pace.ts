// Pure: the pace of a recorder's restarts, one rule for `run`'s supervisor (restart-policy.ts) and
// for the record unit's recorder itself (start-backoff.ts). It starts at most once per `baseMs`
// (reconnect_delay), as its own attempts to reach a camera do; one that keeps dying within
// LIVED_LONG_MS of its start waits twice as long each time, up to a minute (or reconnect_delay when
// that is longer), so a crash loop costs little CPU; after a long run it starts again at once.
export const MAX_RESTART_DELAY_MS = 60_000;
export const LIVED_LONG_MS = 10_000; // shorter is a crash loop: the wait doubles

// The wait before starting again a recorder whose last run lasted `livedMs` (from its start to this
// restart) after a wait of `previousDelayMs` (undefined: that was its first start).
export function restartDelayMs(livedMs: number, previousDelayMs: number | undefined, baseMs: number): number {
  const young = livedMs < LIVED_LONG_MS && previousDelayMs !== undefined;
  return young ? Math.min(Math.max(baseMs, MAX_RESTART_DELAY_MS), Math.max(baseMs, previousDelayMs * 2)) : Math.max(0, baseMs - livedMs);
}

// "4 s", "0.5 s": a wait as the log says it.
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
