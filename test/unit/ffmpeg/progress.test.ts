import { describe, expect, it } from 'vitest';
import { createProgressParser, parseSegmentLine, type ProgressBlock } from '../../../src/ffmpeg/progress.js';

describe('progress parser', () => {
  it('emits one block per "progress=" line, across chunk boundaries', () => {
    const blocks: ProgressBlock[] = [];
    const feed = createProgressParser((b) => blocks.push(b));
    feed('frame=37\nfps=15.0\nout_time_us=2375521\ntotal_size=1234\nspe');
    feed('ed=1.01x\nprogress=continue\nframe=52\nout_time_us=N/A\n');
    feed('progress=end\n');
    expect(blocks).toEqual([
      { frame: 37, outTimeUs: 2375521, totalSize: 1234, speed: 1.01, end: false },
      { frame: 52, outTimeUs: -1, totalSize: 0, speed: null, end: true },
    ]);
  });

  it('reads the CSV segment list', () => {
    expect(parseSegmentLine('20261124_033644.mp4,0.000000,3.099609')).toEqual({ file: '20261124_033644.mp4', start: 0, end: 3.099609 });
    expect(parseSegmentLine('garbage')).toBeUndefined();
  });
});
