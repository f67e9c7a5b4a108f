import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { childBoxes, findBox, makeBox, topLevelBoxes } from '../../../src/mp4/boxes.js';
import { decodeManifest, encodeManifest } from '../../../src/mp4/manifest.js';

describe('MP4 boxes', () => {
  it('read nested boxes back as they were built', () => {
    const moov = makeBox('moov', makeBox('mvhd', Buffer.alloc(4)), makeBox('trak', makeBox('tkhd', Buffer.alloc(8))));
    expect(childBoxes(moov).map((b) => [b.type, b.size])).toEqual([['moov', 44]]);
    expect(findBox(moov, 'moov/trak/tkhd')).toMatchObject({ type: 'tkhd', start: 28, size: 16 });
    expect(findBox(moov, 'moov/mvex')).toBeUndefined();
  });

  it('say where a file was cut off instead of reading past its end', () => {
    const mdat = makeBox('mdat', Buffer.alloc(100));
    expect(() => childBoxes(mdat.subarray(0, 50))).toThrow('box "mdat" at byte 0 runs past the end');
    expect(() => childBoxes(Buffer.concat([mdat, Buffer.alloc(5)]))).toThrow('a box header at byte 108 runs past the end');
  });
});

describe('the top-level boxes of a file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cams-boxes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const init = Buffer.concat([makeBox('ftyp', Buffer.from('isom')), makeBox('moov', makeBox('mvhd', Buffer.alloc(4)))]);
  const fragment = Buffer.concat([makeBox('moof', makeBox('mfhd', Buffer.alloc(8))), makeBox('mdat', Buffer.alloc(4000))]);

  async function boxesOf(bytes: Buffer, stopAtCut = false) {
    const file = path.join(dir, `f${Math.random()}.mp4`);
    writeFileSync(file, bytes);
    const handle = await open(file, 'r');
    try {
      return await topLevelBoxes(handle, bytes.length, stopAtCut);
    } finally {
      await handle.close();
    }
  }

  it('come with the bytes of the types asked for, a moof and the mdat header after it in one read per fragment', async () => {
    const big = Buffer.concat([makeBox('moof', makeBox('mfhd', Buffer.alloc(8))), makeBox('mdat', Buffer.alloc(10_000))]); // more than one read apart
    const bytes = Buffer.concat([init, big, big, big]);
    const file = path.join(dir, 'kept.mp4');
    writeFileSync(file, bytes);
    const handle = await open(file, 'r');
    let reads = 0;
    const counted = new Proxy(handle, { get: (target, key) => (key === 'read' ? (...args: Parameters<typeof handle.read>) => (reads++, target.read(...args)) : Reflect.get(target, key, target)) });
    try {
      const boxes = await topLevelBoxes(counted, bytes.length, false, new Set(['moof']));
      expect(boxes.filter((b) => b.bytes).map((b) => b.type)).toEqual(['moof', 'moof', 'moof']);
      expect(boxes[2]!.bytes!.equals(big.subarray(0, 24))).toBe(true);
      expect(reads).toBe(3); // from 0: the init part and the first fragment's head; then one at each later moof
    } finally {
      await handle.close();
    }
  });

  it('are read with their offsets in the file', async () => {
    const boxes = await boxesOf(Buffer.concat([init, fragment]));
    expect(boxes.map((b) => [b.type, b.start])).toEqual([['ftyp', 0], ['moov', 12], ['moof', 32], ['mdat', 56]]);
  });

  it('a file cut inside its mdat names that mdat by its true offset', async () => {
    const torn = Buffer.concat([init, fragment, fragment]).subarray(0, init.length + fragment.length + 1000);
    await expect(boxesOf(torn)).rejects.toThrow(/^is cut off: box "mdat" at byte 4088 runs past the end of the file$/);
    expect((await boxesOf(torn, true)).map((b) => b.type)).toEqual(['ftyp', 'moov', 'moof', 'mdat', 'moof']);
  });

  it('random bytes are not an MP4 file, and their "box type" is never printed', async () => {
    const garbage = Buffer.from([0x8f, 0x13, 0x00, 0x42, 0x4b, 0xa3, 0x07, 0xff, ...Array.from({ length: 500 }, (_, i) => (i * 37) % 256)]);
    await expect(boxesOf(garbage)).rejects.toThrow(/^is not an MP4 file \(no MP4 box at byte 0\)$/);
    await expect(boxesOf(Buffer.from('abc'))).rejects.toThrow(/^is not an MP4 file \(3 bytes\)$/);
  });

  it('garbage after whole boxes is damage at its offset', async () => {
    await expect(boxesOf(Buffer.concat([init, Buffer.from([0, 0, 0, 20, 0xff, 0xfe, 0x01, 0x02]), Buffer.alloc(12)]))).rejects.toThrow(/^is damaged: no MP4 box at byte 32$/);
  });
});

describe('merged-file manifest', () => {
  it('round-trips through its uuid box and ignores other uuid boxes', () => {
    const manifest = { start: '2026-11-24T03:10:00.000Z', sources: ['20261124_041000.mp4:1234'] };
    expect(decodeManifest(encodeManifest(manifest))).toEqual(manifest);
    expect(decodeManifest(makeBox('uuid', Buffer.alloc(16), Buffer.from('{}')))).toBeUndefined();
  });
});
