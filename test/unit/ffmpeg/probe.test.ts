import { describe, expect, it } from 'vitest';
import { buildProbeArgs, parseProbeOutput, planAudio } from '../../../src/ffmpeg/probe.js';
import { describeProbe } from '../../../src/cli/check.js';

const SAMPLE = JSON.stringify({
  packets: [
    { stream_index: 0, pts_time: '0.000000', flags: 'K__' },
    { stream_index: 1, pts_time: '0.010000', flags: 'K__' },
    { stream_index: 0, pts_time: '0.066667', flags: '___' },
    { stream_index: 0, pts_time: '2.000000', flags: 'K__' },
    { stream_index: 0, pts_time: '4.000000', flags: 'K__' },
  ],
  streams: [
    { index: 0, codec_name: 'h264', codec_type: 'video', width: 1920, height: 1080, r_frame_rate: '15/1', avg_frame_rate: '15/1' },
    { index: 1, codec_name: 'pcm_alaw', codec_type: 'audio', sample_rate: '8000', channels: 1 },
  ],
});

describe('probe', () => {
  it('reads codec, size, frame rate, keyframe interval and audio from ffprobe\'s JSON', () => {
    expect(parseProbeOutput(SAMPLE)).toEqual({
      video: { codec: 'h264', width: 1920, height: 1080, fps: 15 },
      audio: { codec: 'pcm_alaw', sampleRate: 8000, channels: 1 },
      keyframeInterval: 2,
    });
  });

  it('says G.711 needs transcoding', () => {
    expect(describeProbe(parseProbeOutput(SAMPLE))).toEqual([
      'video: h264 1920x1080 at 15 fps',
      'keyframe interval: 2 s',
      'audio: pcm_alaw, needs transcoding to AAC (cannot be copied into MP4)',
    ]);
  });

  it('copies AAC, transcodes G.711, and drops audio when asked or absent', () => {
    expect(planAudio('auto', 'aac')).toBe('copy');
    expect(planAudio('auto', 'pcm_alaw')).toBe('aac');
    expect(planAudio('auto', 'pcm_mulaw')).toBe('aac');
    expect(planAudio('none', 'aac')).toBe('none');
    expect(planAudio('aac', null)).toBe('none');
    expect(planAudio('copy', 'pcm_alaw')).toBe('copy');
  });

  it('bounds the probe by the socket timeout and reads a few seconds of packets', () => {
    const args = buildProbeArgs('rtsp://h/s', { transport: 'tcp', socketTimeoutUs: 5_000_000, sampleSeconds: 5 });
    expect(args).toEqual(expect.arrayContaining(['-rtsp_transport', 'tcp', '-timeout', '5000000', '-read_intervals', '%+5']));
    expect(args.at(-1)).toBe('rtsp://h/s');
  });

  it('without a sample time reads stream facts only, never packets (which would never end on a live stream)', () => {
    const args = buildProbeArgs('rtsp://h/s', { transport: 'tcp', socketTimeoutUs: 5_000_000, sampleSeconds: 0 });
    expect(args).not.toContain('-read_intervals');
    expect(args.join(' ')).not.toContain('packet=');
  });
});
