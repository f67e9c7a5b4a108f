import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { childBoxes } from '../../../src/mp4/boxes.js';
import { inspectMp4 } from '../../../src/mp4/inspect.js';
import { joinMp4 } from '../../../src/mp4/join.js';
import { createFragmentTables, unpackFragments } from '../../../src/web/fragment-table.js';
import { tempDir } from '../../support/cli.js';
import { writeFragmentedFile } from '../../support/fragmented-mp4.js';
import { buildRegularMp4 } from '../../support/regular-mp4.js';

describe('fragment tables', () => {
  it('give a merged file its init part as ftyp and moov from byte 0, without the manifest written after them, and its fragments in time across the parts joined', async () => {
    const dir = tempDir();
    const [a, b] = [path.join(dir, 'a.mp4'), path.join(dir, 'b.mp4')];
    await writeFragmentedFile(a, { frames: 30 });
    await writeFragmentedFile(b, { frames: 45 });
    const merged = path.join(dir, '20261130_1200.mp4');
    await joinMp4([await inspectMp4(a), await inspectMp4(b)], merged, { start: '2026-11-30T12:00:00.000Z', sources: ['a', 'b'] });
    const table = await createFragmentTables().read({ path: merged, kind: 'merged' });
    const boxes = childBoxes(readFileSync(merged));
    expect(boxes.map((x) => x.type).slice(0, 4)).toEqual(['ftyp', 'moov', 'uuid', 'moof']);
    expect(table.initSize).toBe(boxes[0]!.size + boxes[1]!.size);
    const fragments = unpackFragments(table.fragments);
    expect(fragments[0]!.offset).toBe(boxes[3]!.start);
    expect(fragments.map((f) => [f.time, f.duration])).toEqual([[0, 1], [1, 1], [2, 1], [3, 1], [4, 1]]);
    expect(fragments.every((f, i) => i === 0 || f.offset === fragments[i - 1]!.offset + fragments[i - 1]!.length)).toBe(true);
  });

  it('give a file being recorded its complete fragments only', async () => {
    const file = path.join(tempDir(), 'rec.mp4');
    await writeFragmentedFile(file, { frames: 45 });
    const whole = readFileSync(file);
    const moofs = childBoxes(whole).filter((x) => x.type === 'moof');
    writeFileSync(file, whole.subarray(0, moofs[2]!.start + 100)); // the third fragment half written
    const table = await createFragmentTables().read({ path: file, kind: 'recording' });
    expect(unpackFragments(table.fragments)).toHaveLength(2);
    expect(table.initSize).toBeGreaterThan(0);
  });

  it('are kept while the file keeps its size and time, and read again when it grows', async () => {
    const file = path.join(tempDir(), 'seg.mp4');
    await writeFragmentedFile(file, { frames: 30 });
    const tables = createFragmentTables();
    utimesSync(file, 1_000_000, 1_000_000);
    const first = await tables.read({ path: file, kind: 'segment' });
    writeFileSync(file, Buffer.alloc(statSync(file).size)); // same size and time: not looked at
    utimesSync(file, 1_000_000, 1_000_000);
    expect(await tables.read({ path: file, kind: 'segment' })).toBe(first);
    await writeFragmentedFile(file.replace('seg', 'other'), { frames: 45 });
    writeFileSync(file, readFileSync(file.replace('seg', 'other')));
    expect(unpackFragments((await tables.read({ path: file, kind: 'segment' })).fragments)).toHaveLength(3);
  });

  it('forget the least recently used table beyond their capacity', async () => {
    const dir = tempDir();
    const files = ['a', 'b', 'c'].map((n) => path.join(dir, `${n}.mp4`));
    for (const f of files) await writeFragmentedFile(f, { frames: 15 });
    const tables = createFragmentTables(2);
    const a = await tables.read({ path: files[0]!, kind: 'segment' });
    const b = await tables.read({ path: files[1]!, kind: 'segment' });
    expect(await tables.read({ path: files[0]!, kind: 'segment' })).toBe(a); // a used last: b goes
    await tables.read({ path: files[2]!, kind: 'segment' });
    expect(await tables.read({ path: files[0]!, kind: 'segment' })).toBe(a);
    expect(await tables.read({ path: files[1]!, kind: 'segment' })).not.toBe(b);
  });

  it('say that a regular MP4 (the original tool\'s) cannot be played by byte ranges', async () => {
    const file = path.join(tempDir(), 'legacy.mp4');
    writeFileSync(file, buildRegularMp4({ videoFrames: 30, audioFrames: 31 }));
    expect(await createFragmentTables().read({ path: file, kind: 'merged' })).toEqual({ initSize: undefined, fragments: new Float64Array() });
  });
});
