import { describe, expect, it } from 'vitest';
import type { FragmentSpan } from '../../../src/mp4/inspect.js';
import { packFragments } from '../../../src/web/fragment-table.js';
import { buildPlaylist, fileUrl, type PlaylistFile } from '../../../src/web/playlist.js';

const T0 = Date.UTC(2026, 10, 30, 14, 0, 0);

// A file of `seconds` fragments of 1 s each (the last one `last` s), after an init part of 700 bytes.
function file(url: string, start: number, seconds: number, last = 1): PlaylistFile {
  const fragments: FragmentSpan[] = Array.from({ length: seconds }, (_, i) => ({ start: 1000 + i * 10_000, size: 500, mdatSize: 9500, time: i, duration: i === seconds - 1 ? last : 1 }));
  return { url, start, table: { initSize: 700, fragments: packFragments(fragments) } };
}

describe('the HLS playlist', () => {
  it('maps each file\'s init part, dates it at its true start, gives every fragment its byte range and length, and starts each later file after a discontinuity', () => {
    const text = buildPlaylist([file('/files/cam1/merged/a.mp4', T0 + 120, 2), file('/files/cam1/segments/b.mp4', T0 + 12_345, 2, 1.2345)], T0, T0 + 60_000);
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-TARGETDURATION:2',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-MAP:URI="/files/cam1/merged/a.mp4",BYTERANGE="700@0"',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-30T14:00:00.120Z',
        '#EXTINF:1.000,',
        '#EXT-X-BYTERANGE:10000@1000',
        '/files/cam1/merged/a.mp4',
        '#EXTINF:1.000,',
        '#EXT-X-BYTERANGE:10000@11000',
        '/files/cam1/merged/a.mp4',
        '#EXT-X-DISCONTINUITY',
        '#EXT-X-MAP:URI="/files/cam1/segments/b.mp4",BYTERANGE="700@0"',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-30T14:00:12.345Z',
        '#EXTINF:1.000,',
        '#EXT-X-BYTERANGE:10000@1000',
        '/files/cam1/segments/b.mp4',
        '#EXTINF:1.234,',
        '#EXT-X-BYTERANGE:10000@11000',
        '/files/cam1/segments/b.mp4',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    );
  });

  it('takes the whole fragments that overlap the range, dating the file at its first fragment taken', () => {
    const text = buildPlaylist([file('/a.mp4', T0, 60)], T0 + 10_500, T0 + 13_000)!;
    expect(text.match(/^#EXT-X-BYTERANGE:.*$/gm)).toEqual(['#EXT-X-BYTERANGE:10000@101000', '#EXT-X-BYTERANGE:10000@111000', '#EXT-X-BYTERANGE:10000@121000']);
    expect(text).toContain('#EXT-X-PROGRAM-DATE-TIME:2026-11-30T14:00:10.000Z');
    expect(text).not.toContain('DISCONTINUITY');
  });

  it('sets the target duration to the longest fragment rounded up', () => {
    expect(buildPlaylist([file('/a.mp4', T0, 3, 2.0004)], T0, T0 + 60_000)).toContain('#EXT-X-TARGETDURATION:2\n');
    expect(buildPlaylist([file('/a.mp4', T0, 3, 2.2)], T0, T0 + 60_000)).toContain('#EXT-X-TARGETDURATION:3\n');
  });

  it('joins a fragment without video to the fragment before it', () => {
    const f = file('/a.mp4', T0, 2);
    f.table.fragments = new Float64Array([...f.table.fragments, 21_000, 500, 2, 0]);
    const text = buildPlaylist([f], T0, T0 + 60_000)!;
    expect(text.match(/^#EXT-X-BYTERANGE:.*$/gm)).toEqual(['#EXT-X-BYTERANGE:10000@1000', '#EXT-X-BYTERANGE:10500@11000']);
  });

  it('leaves out files that cannot be played by byte ranges, and is undefined when nothing is left in the range', () => {
    const legacy = { url: '/legacy.mp4', start: T0, table: { initSize: undefined, fragments: new Float64Array() } };
    expect(buildPlaylist([legacy, file('/a.mp4', T0 + 60_000, 5)], T0, T0 + 120_000)).not.toContain('legacy');
    expect(buildPlaylist([legacy], T0, T0 + 60_000)).toBeUndefined();
    expect(buildPlaylist([file('/a.mp4', T0, 5)], T0 + 5000, T0 + 9000)).toBeUndefined();
  });

  it('names a file by its camera, its kind and its name, escaped for a URL', () => {
    expect(fileUrl('front door', { path: '/srv/cams/front/merged/20261130_1400.mp4', kind: 'merged' })).toBe('/files/front%20door/merged/20261130_1400.mp4');
    expect(fileUrl('cam1', { path: '/srv/cams/cam1/segments/20261130_140002.mp4', kind: 'segment' })).toBe('/files/cam1/segments/20261130_140002.mp4');
    expect(fileUrl('cam1', { path: '/srv/cams/cam1/.staging/r1/20261130_140004.mp4', kind: 'recording' })).toBe('/files/cam1/recording/20261130_140004.mp4');
  });
});
