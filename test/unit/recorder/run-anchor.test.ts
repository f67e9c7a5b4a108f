import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { salvageStaging } from '../../../src/recorder/admit-segment.js';
import { cameraDirs } from '../../../src/recorder/files.js';
import { ANCHOR_FILE, AnchorWriter, anchorChanged, readRunAnchor, stagedStart, type RunAnchor } from '../../../src/recorder/run-anchor.js';
import { tempDir } from '../../support/cli.js';

const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);
const anchor: RunAnchor = { run: '1764493200000-42-1.0', anchor: T0, closed: { '20261130_100000.mp4': 0, '20261130_100030.mp4': 30.0001 }, next: 60.0002 };
const names = ['20261130_100000.mp4', '20261130_100030.mp4', '20261130_100100.mp4'];

describe("a run's anchor", () => {
  it('times closed files by their listed start and the oldest other file (the one being written) by `next`', () => {
    expect(stagedStart(anchor, '20261130_100000.mp4', names)).toBe(T0);
    expect(stagedStart(anchor, '20261130_100030.mp4', names)).toBeCloseTo(T0 + 30_000.1, 3);
    expect(stagedStart(anchor, '20261130_100100.mp4', names)).toBeCloseTo(T0 + 60_000.2, 3);
  });

  it('does not time a file newer than the one at `next` (FFmpeg opened it before the anchor was rewritten)', () => {
    const stale = { ...anchor, closed: {}, next: 30.0001 };
    expect(stagedStart(stale, '20261130_100030.mp4', names.slice(1))).toBeCloseTo(T0 + 30_000.1, 3);
    expect(stagedStart(stale, '20261130_100100.mp4', names.slice(1))).toBeUndefined();
  });

  it('counts as changed a new run, a new `next`, another closed list or an anchor moved by more than 5 ms, not the clock jitter below', () => {
    expect(anchorChanged(anchor, { ...anchor, anchor: T0 + 4 })).toBe(false);
    expect(anchorChanged(anchor, { ...anchor, anchor: T0 + 6 })).toBe(true);
    expect(anchorChanged(anchor, { ...anchor, run: '1764493200000-42-1.1' })).toBe(true);
    expect(anchorChanged(anchor, { ...anchor, next: 61 })).toBe(true);
    expect(anchorChanged(anchor, { ...anchor, closed: { '20261130_100030.mp4': 30.0001 } })).toBe(true);
    expect(anchorChanged(anchor, undefined)).toBe(true);
    expect(anchorChanged(undefined, undefined)).toBe(false);
  });

  it('is written whole under its name (no temporary file stays), the latest state winning, and removed at close', async () => {
    const dir = tempDir();
    const writer = new AnchorWriter(dir);
    writer.set({ ...anchor, next: 1 });
    writer.set(anchor);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(JSON.parse(readFileSync(path.join(dir, ANCHOR_FILE), 'utf8'))).toEqual(anchor);
    expect(await readRunAnchor(dir)).toEqual(anchor);
    expect(readdirSync(dir)).toEqual([ANCHOR_FILE]);
    writer.set(undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(path.join(dir, ANCHOR_FILE))).toBe(false);
    writer.set(anchor);
    await writer.close();
    expect(readdirSync(dir)).toEqual([]);
    writer.set(anchor); // after close: nothing
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reads as unknown when missing or damaged', async () => {
    const dir = tempDir();
    expect(await readRunAnchor(dir)).toBeUndefined();
    writeFileSync(path.join(dir, ANCHOR_FILE), '{"run":"x","anch');
    expect(await readRunAnchor(dir)).toBeUndefined();
  });

  it('is removed with its run folder by the salvage, never quarantined as a segment', async () => {
    const dirs = cameraDirs(tempDir());
    const run = path.join(dirs.staging, '1764493200000-42-1');
    mkdirSync(run, { recursive: true });
    writeFileSync(path.join(run, ANCHOR_FILE), JSON.stringify(anchor));
    writeFileSync(path.join(run, `${ANCHOR_FILE}.tmp`), '{');
    expect(await salvageStaging(dirs)).toEqual([]);
    expect(readdirSync(dirs.staging)).toEqual([]);
    expect(existsSync(dirs.quarantine)).toBe(false);
  });
});
