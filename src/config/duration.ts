// Durations in the config and on the command line: "10m", "90s", "1h30m", or a number of seconds. Pure.

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/i;

// Seconds in "10m", "1h30m", "45s" or "600" (a plain number is seconds); undefined when it is not a duration.
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text : undefined;
  const input = text.trim();
  if (/^\d+(\.\d+)?$/.test(input)) return Number(input);
  const m = DURATION.exec(input);
  if (!input || !m) return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}
