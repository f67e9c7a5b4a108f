// The anchor of an FFmpeg run, for readers of footage still being recorded: a small JSON file in
// the run's staging folder (.anchor.json) saying when the run's media time 0 was, on the true
// clock, and where in media time each file still in the folder starts. With it, the segment being
// written (and a closed one not yet moved to segments/) is timed exactly as it will be once
// admitted. It is written atomically (a temporary file renamed onto it) whenever it changes, and
// removed while the clock is not synchronised (footage has no known time then), and when the run
// ends. The segment file names are FFmpeg's, in its own strftime order.
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const ANCHOR_FILE = '.anchor.json';

export interface RunAnchor {
  run: string; // the run of footage (segment-times.ts): `<ffmpeg-run>.<epoch>`
  anchor: number; // ms, UTC: the true instant of media time 0
  closed: Record<string, number>; // closed files not moved yet: media seconds of their start
  next: number; // media seconds where the file being written starts (the end of the last closed one)
}

// Changes smaller than this (the wall clock's jitter against the monotonic one) are not written.
export const ANCHOR_TOLERANCE_MS = 5;

// Whether `next` says something `written` does not (within the tolerance).
export function anchorChanged(written: RunAnchor | undefined, next: RunAnchor | undefined): boolean {
  if (!written || !next) return written !== next;
  if (written.run !== next.run || written.next !== next.next || Math.abs(written.anchor - next.anchor) > ANCHOR_TOLERANCE_MS) return true;
  const [a, b] = [Object.keys(written.closed), Object.keys(next.closed)];
  return a.length !== b.length || a.some((k) => written.closed[k] !== next.closed[k]);
}

// The start instant of a file of the run (by its FFmpeg name), or undefined when the anchor does
// not know it. Closed files are listed; of the others, the oldest starts at `next`: it is the one
// being written, or (for the moment until the anchor is rewritten) the one FFmpeg just closed,
// the file after which has no known start yet.
export function stagedStart(anchor: RunAnchor, name: string, names: readonly string[]): number | undefined {
  const media = anchor.closed[name] ?? (name === oldestOpen(anchor, names) ? anchor.next : undefined);
  return media === undefined ? undefined : anchor.anchor + media * 1000;
}

function oldestOpen(anchor: RunAnchor, names: readonly string[]): string | undefined {
  return names.filter((n) => anchor.closed[n] === undefined).sort()[0];
}

// The anchor of a run folder, or undefined (none: the clock is not synchronised, or the run has
// not reported yet; unreadable: being replaced, which rename makes impossible, or damaged).
export async function readRunAnchor(runDir: string): Promise<RunAnchor | undefined> {
  try {
    const raw = JSON.parse(await readFile(path.join(runDir, ANCHOR_FILE), 'utf8')) as Partial<RunAnchor>;
    if (typeof raw.run !== 'string' || !Number.isFinite(raw.anchor) || !Number.isFinite(raw.next) || typeof raw.closed !== 'object' || raw.closed === null) return undefined;
    return { run: raw.run, anchor: raw.anchor!, next: raw.next!, closed: raw.closed };
  } catch {
    return undefined;
  }
}

// Writes a run's anchor whenever it changes, one write at a time (the latest state wins), and
// removes it at close. Best effort: a full disk only hides footage still being recorded.
export class AnchorWriter {
  private written: RunAnchor | undefined;
  private wanted: RunAnchor | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly runDir: string) {}

  // The anchor as it is now; undefined removes it (the footage's time is not known).
  set(anchor: RunAnchor | undefined): void {
    if (this.closed || !anchorChanged(this.wanted, anchor)) return;
    this.wanted = anchor;
    this.chain = this.chain.then(() => this.flush());
  }

  // Removes the file, once pending writes are done; nothing is written after.
  async close(): Promise<void> {
    this.closed = true;
    this.wanted = undefined;
    this.chain = this.chain.then(() => this.flush());
    await this.chain;
  }

  private async flush(): Promise<void> {
    const target = this.wanted;
    if (!anchorChanged(this.written, target)) return;
    const file = path.join(this.runDir, ANCHOR_FILE);
    try {
      if (target === undefined) await unlink(file).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
      else {
        await writeFile(`${file}.tmp`, JSON.stringify(target));
        await rename(`${file}.tmp`, file);
      }
      this.written = target;
    } catch {
      // best effort (see above); the next change tries again
    }
  }
}
