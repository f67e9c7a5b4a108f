// Pure: is the recorder healthy right now? Only then does it ping the systemd watchdog.

export interface HealthSnapshot {
  childAlive: boolean; // an FFmpeg or ffprobe of ours is running
  phase: 'probe' | 'connect' | 'record'; // what that child is doing
  silentSince: number; // ms: last footage advance, or the child's start
}

export interface HealthLimits {
  probeTimeoutMs: number; // ffprobe is killed by then
  connectTimeoutMs: number; // FFmpeg must deliver its first frame by then
  stallTimeoutMs: number; // no new frame for this long is a stall
  stopGraceMs: number; // a stopped FFmpeg is SIGKILLed after this
}

// Healthy = footage advancing, or no child alive (waiting out a reconnect delay), or a child
// still inside the time the recorder gives it. Past that plus the stop grace, the recorder's own
// recovery has failed (the kill did not work, or the loop is stuck): stay silent, let systemd act.
export function isHealthy(s: HealthSnapshot, now: number, limits: HealthLimits): boolean {
  if (!s.childAlive) return true;
  const budget = s.phase === 'probe' ? limits.probeTimeoutMs : s.phase === 'connect' ? limits.connectTimeoutMs : limits.stallTimeoutMs;
  return now - s.silentSince <= budget + limits.stopGraceMs + SLACK_MS;
}

// One tick of the recorder's 1 s timer, so a kill sent on the tick after the deadline still counts.
const SLACK_MS = 1500;

// The reconnect delay grows with the outage: a quarter of its length so far, at least `base`,
// at most `max`. A short drop (a camera reboot) is retried at the base pace; a camera gone for
// hours is tried every `max` seconds; after it returns, at most about a quarter of the outage is
// added on top of it. Footage flowing again ends the outage, which resets the delay.
export function backoffDelay(outageSeconds: number, baseSeconds: number, maxSeconds: number): number {
  const delay = Math.max(baseSeconds, Math.round(outageSeconds / 4));
  return Math.min(Math.max(baseSeconds, maxSeconds), delay);
}
