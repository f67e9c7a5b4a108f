import { describe, expect, it } from 'vitest';
import { cameraFingerprints, planCameras } from '../../../src/supervisor/config-diff.js';
import type { Config } from '../../../src/config/schema.js';

const config = (cameras: Array<{ name: string; url: string }>, reconnect = 5) =>
  ({ path: '/c.yaml', cameras: cameras.map((c) => ({ name: c.name, rtsp_url: c.url, output_dir: `/r/${c.name}` })), recording: { reconnect_delay: reconnect } }) as unknown as Config;

describe('what a re-read config changes for `run`', () => {
  const before = config([{ name: 'a', url: 'rtsp://x/a' }, { name: 'b', url: 'rtsp://x/b' }, { name: 'c', url: 'rtsp://x/c' }]);

  it('starts the new cameras, stops the removed, restarts the changed, keeps the others', () => {
    const after = config([{ name: 'a', url: 'rtsp://x/a' }, { name: 'c', url: 'rtsp://x/c2' }, { name: 'd', url: 'rtsp://x/d' }]);
    expect(planCameras(cameraFingerprints(before, []), cameraFingerprints(after, []))).toEqual({ start: ['d'], stop: ['b'], restart: ['c'], keep: ['a'] });
  });

  it('a change of a section the recorders read restarts every recorder, of web: or the merge\'s keys none; only the chosen cameras count', () => {
    expect(planCameras(cameraFingerprints(before, []), cameraFingerprints(config([{ name: 'a', url: 'rtsp://x/a' }, { name: 'b', url: 'rtsp://x/b' }, { name: 'c', url: 'rtsp://x/c' }], 9), [])).restart).toEqual(['a', 'b', 'c']);
    const webOnly = { ...before, web: { users: [{ name: 'x' }] }, recording: { ...before.recording, merge_interval: 60 } } as unknown as Config;
    expect(planCameras(cameraFingerprints(before, []), cameraFingerprints(webOnly, [])).restart).toEqual([]); // serve's and the merge's keys
    expect([...cameraFingerprints(before, ['b']).keys()]).toEqual(['b']);
  });
});
