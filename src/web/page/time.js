// Times and sizes as the page shows them: the browser's local time, with the date and its zone.
const pad = (n, width = 2) => String(n).padStart(width, '0');

// "2026-11-30" of the local day holding ms.
export function isoDay(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// "2026-11-30 14:03:12" in local time.
export function formatDateTime(ms) {
  return `${isoDay(ms)} ${formatClock(ms)}`;
}

// "14:03:12" (or "14:03" without seconds) in local time.
export function formatClock(ms, seconds = true) {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''}`;
}

// The zone's short name at ms, e.g. "UTC", "GMT+1" or "CET" (it changes with daylight saving time).
export function zoneOf(ms) {
  const parts = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' }).formatToParts(new Date(ms));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
}

// The local midnight starting the day "2026-11-30" and the next one (23 or 25 h later across DST).
export function dayBounds(day) {
  const [y, m, d] = day.split('-').map(Number);
  return { start: new Date(y, m - 1, d).getTime(), end: new Date(y, m - 1, d + 1).getTime() };
}

// The value of an <input type="datetime-local" step="1"> for ms, and back (local time).
export function toInputValue(ms) {
  return `${isoDay(ms)}T${formatClock(ms)}`;
}
export function fromInputValue(value) {
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}

// "4 s", "3 min", "2 h 5 min", "3 days".
export function formatAge(seconds) {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
  return `${Math.round(seconds / 86_400)} days`;
}

// "1.4 GB".
export function formatBytes(bytes) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) (value /= 1000), unit++;
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
