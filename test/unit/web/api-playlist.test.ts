import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveMergedFiles, type WebFootage } from '../../support/web-footage.js';

let web: WebFootage;
const at = (hh: number, mm: number, ss = 0) => new Date(2026, 10, 30, hh, mm, ss).getTime(); // local, as the names
beforeAll(async () => {
  // 12:00:00–12:00:03 and 12:01:00–12:01:02 (a fragment a second).
  web = await serveMergedFiles({ '20261130_1200': { frames: 45 }, '20261130_1201': { frames: 30 } });
});
afterAll(() => web.close());

describe('GET /api/playlist.m3u8', () => {
  it('answers the HLS playlist of the range, over the files the server gives, not cached', async () => {
    const res = await fetch(`${web.base}/api/playlist.m3u8?camera=cam1&start=${at(12, 0)}&end=${at(12, 2)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text.match(/^#EXT-X-MAP:.*$/gm)).toEqual([expect.stringMatching(/^#EXT-X-MAP:URI="\/files\/cam1\/merged\/20261130_1200.mp4",BYTERANGE="\d+@0"$/), expect.stringMatching(/20261130_1201.mp4/)]);
    expect(text.match(/^#EXTINF:1.000,$/gm)).toHaveLength(5);
    expect(text).toContain(`#EXT-X-PROGRAM-DATE-TIME:${new Date(at(12, 1)).toISOString()}`);
    expect(text.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
  });

  it('takes the fragments that overlap a range given in ISO 8601', async () => {
    const res = await fetch(`${web.base}/api/playlist.m3u8?camera=cam1&start=${new Date(at(12, 0, 1)).toISOString()}&end=${new Date(at(12, 0, 2) + 500).toISOString()}`);
    expect((await res.text()).match(/^#EXTINF/gm)).toHaveLength(2);
  });

  it('is 404 naming the camera and the range when there is no footage in it, and for a camera not in the config', async () => {
    const none = await fetch(`${web.base}/api/playlist.m3u8?camera=cam1&start=${at(13, 0)}&end=${at(14, 0)}`);
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: string }).error).toBe(`no footage of camera "cam1" between ${new Date(at(13, 0)).toISOString()} and ${new Date(at(14, 0)).toISOString()}`);
    const unknown = await fetch(`${web.base}/api/playlist.m3u8?camera=cam9&start=${at(12, 0)}&end=${at(13, 0)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'no camera named "cam9"' });
  });

  it('is 400 for a range longer than a day or missing an end', async () => {
    expect((await fetch(`${web.base}/api/playlist.m3u8?camera=cam1&start=${at(0, 0)}&end=${at(0, 0) + 86_400_001}`)).status).toBe(400);
    const res = await fetch(`${web.base}/api/playlist.m3u8?camera=cam1&start=${at(0, 0)}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'missing query parameter "end"' });
  });
});
