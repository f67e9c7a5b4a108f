// Sizes in the config: "500G", "1.5T", "800M", "1048576"; free space also as "10%". Pure.

const SIZE = /^(\d+(?:\.\d+)?)\s*([KMGT]?)$/i;
const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;
// Binary units, as df -h and du -h count: 1K = 1024 bytes.
const UNIT: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

// Free space to keep: the larger of `bytes` and `percent` of the disk (0 and 0: no limit).
export interface FreeSpace {
  bytes: number;
  percent: number;
}

// The default of retention.min_free: 1G or 5 % of the disk, whichever is larger. A fresh install on
// a Raspberry Pi's 32 GB SD card keeps 1.6 GB free for the system that lives on it.
export const DEFAULT_MIN_FREE: FreeSpace = { bytes: 1024 ** 3, percent: 5 };

// Bytes in "500G" (a number is bytes); undefined when the text is not a size.
export function parseSize(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? Math.floor(text) : undefined;
  const m = SIZE.exec(text.trim());
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * UNIT[m[2]!.toUpperCase()]!);
}

// "10%" → { percent: 10 } (0-100 exclusive), else a size → { bytes } (0: no limit); undefined when neither.
export function parseFreeSpace(text: string | number): FreeSpace | undefined {
  const m = typeof text === 'string' ? PERCENT.exec(text.trim()) : null;
  if (m) {
    const percent = Number(m[1]);
    return percent > 0 && percent < 100 ? { bytes: 0, percent } : undefined;
  }
  const bytes = parseSize(text);
  return bytes === undefined ? undefined : { bytes, percent: 0 };
}

// Bytes that must stay free on a disk of `total` bytes.
export function freeSpaceNeeded(rule: FreeSpace, total: number): number {
  return Math.max(rule.bytes, (total * rule.percent) / 100);
}

// How the rule reads: "50G", "10%", "1G or 5%, whichever is larger", "no limit".
export function describeFreeSpace(rule: FreeSpace, formatBytes: (bytes: number) => string): string {
  const parts = [...(rule.bytes > 0 ? [formatBytes(rule.bytes)] : []), ...(rule.percent > 0 ? [`${rule.percent}%`] : [])];
  if (parts.length === 0) return 'no limit';
  return parts.length === 1 ? parts[0]! : `${parts.join(' or ')}, whichever is larger`;
}
