// Sizes in the config: "500G", "1.5T", "800M", "1048576"; free space also as "10%". Pure.

const SIZE = /^(\d+(?:\.\d+)?)\s*([KMGT]?)$/i;
const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;
// Binary units, as df -h and du -h count: 1K = 1024 bytes.
const UNIT: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

export type FreeSpace = { bytes: number } | { percent: number };

// Bytes in "500G" (a number is bytes); undefined when the text is not a size.
export function parseSize(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? Math.floor(text) : undefined;
  const m = SIZE.exec(text.trim());
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * UNIT[m[2]!.toUpperCase()]!);
}

// "10%" → { percent: 10 } (0-100 exclusive), else a size → { bytes }; undefined when neither.
export function parseFreeSpace(text: string | number): FreeSpace | undefined {
  const m = typeof text === 'string' ? PERCENT.exec(text.trim()) : null;
  if (m) {
    const percent = Number(m[1]);
    return percent > 0 && percent < 100 ? { percent } : undefined;
  }
  const bytes = parseSize(text);
  return bytes === undefined ? undefined : { bytes };
}
