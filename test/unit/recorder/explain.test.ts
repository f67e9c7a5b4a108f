import { describe, expect, it } from 'vitest';
import { explainExit } from '../../../src/recorder/explain.js';

describe('explainExit', () => {
  it('says why in plain words', () => {
    const tail = (line: string) => ({ code: 1, signal: null, stderrTail: [line] });
    expect(explainExit(tail('[tcp @ 0x1] [error] Connection to tcp://127.0.0.1:8554?timeout=0 failed: Connection refused'))).toBe('camera unreachable: connection refused');
    expect(explainExit(tail('[rtsp @ 0x1] [error] method DESCRIBE failed: 401 Unauthorized'))).toMatch(/401/);
    expect(explainExit(tail('[rtsp @ 0x1] [error] method DESCRIBE failed: 404 Not Found'))).toMatch(/404/);
  });

  it('an exit 0 with nothing said is a stream that ended', () => {
    expect(explainExit({ code: 0, signal: null, stderrTail: [] })).toBe('the stream ended (the camera stopped sending)');
  });

  it('otherwise quotes the last error line without its tags', () => {
    expect(explainExit({ code: 1, signal: null, stderrTail: ['[x @ 0x1] [error] something failed badly'] })).toBe('FFmpeg exited with code 1: something failed badly');
  });
});

describe('isNetworkReason', () => {
  it('tells reaching the camera apart from what it sends', async () => {
    const { isNetworkReason } = await import('../../../src/recorder/explain.js');
    expect(isNetworkReason(explainExit({ code: 1, signal: null, stderrTail: ['Connection refused'] }))).toBe(true);
    expect(isNetworkReason(explainExit({ code: 0, signal: null, stderrTail: [] }))).toBe(true);
    expect(isNetworkReason(explainExit({ code: 1, signal: null, stderrTail: ['Could not find tag for codec pcm_alaw'] }))).toBe(false);
  });
});
