import { describe, expect, it } from 'vitest';
import { childBoxes, findBox, makeBox } from '../../../src/mp4/boxes.js';
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
    expect(() => childBoxes(mdat.subarray(0, 50))).toThrow('box "mdat" at byte 0 runs past the end (file cut off?)');
    expect(() => childBoxes(Buffer.concat([mdat, Buffer.alloc(5)]))).toThrow('box header cut off at byte 108');
  });
});

describe('merged-file manifest', () => {
  it('round-trips through its uuid box and ignores other uuid boxes', () => {
    const manifest = { start: '2026-11-24T03:10:00.000Z', sources: ['20261124_041000.mp4:1234'] };
    expect(decodeManifest(encodeManifest(manifest))).toEqual(manifest);
    expect(decodeManifest(makeBox('uuid', Buffer.alloc(16), Buffer.from('{}')))).toBeUndefined();
  });
});
