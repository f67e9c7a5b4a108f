// When a camera's off-site lag is worth a message, a pure state machine: once when the lag goes
// past offsite.max_lag, once when it is back under it (no message per check while it stays over).
export interface LagAlarm {
  over: boolean;
}

export type LagChange = { type: 'over'; lagSeconds: number } | { type: 'recovered'; lagSeconds: number; overSeconds: number };

// The alarm after a look at the lag; `since`: when it went over (for how long it was behind).
export function checkLag(alarm: LagAlarm & { since?: number }, lagSeconds: number, maxLagSeconds: number, now: number): { alarm: LagAlarm & { since?: number }; change?: LagChange } {
  if (!alarm.over && lagSeconds > maxLagSeconds) return { alarm: { over: true, since: now }, change: { type: 'over', lagSeconds } };
  if (alarm.over && lagSeconds <= maxLagSeconds) return { alarm: { over: false }, change: { type: 'recovered', lagSeconds, overSeconds: (now - (alarm.since ?? now)) / 1000 } };
  return { alarm };
}
