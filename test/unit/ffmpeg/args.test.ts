import { describe, expect, it } from 'vitest';
import { buildRecordArgs } from '../../../src/ffmpeg/args.js';

const base = {
  camera: { rtsp_url: 'rtsp://u:p@10.0.0.2/s', rtsp_transport: 'tcp' as const },
  recording: { segment_duration: 2 },
  ffmpeg: { rtbufsize: '100M', timeout: 5_000_000 },
  stagingDir: '/rec/cam1/.staging/run1',
};

function valueOf(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

describe('buildRecordArgs', () => {
  it('reads the camera over TCP with the socket timeout in µs and the input buffer', () => {
    const args = buildRecordArgs({ ...base, audio: 'none' });
    expect(valueOf(args, '-rtsp_transport')).toBe('tcp');
    expect(valueOf(args, '-timeout')).toBe('5000000');
    expect(valueOf(args, '-rtbufsize')).toBe('100M');
    expect(args).not.toContain('-stimeout');
    expect(args.indexOf('-timeout')).toBeLessThan(args.indexOf('-i'));
  });

  it('uses udp when the camera asks for it', () => {
    const args = buildRecordArgs({ ...base, camera: { ...base.camera, rtsp_transport: 'udp' }, audio: 'none' });
    expect(valueOf(args, '-rtsp_transport')).toBe('udp');
  });

  it('always maps the first video stream and copies it, never re-encoding video', () => {
    for (const audio of ['none', 'copy', 'aac'] as const) {
      const args = buildRecordArgs({ ...base, audio });
      expect(valueOf(args, '-map')).toBe('0:v:0');
      expect(valueOf(args, '-c:v')).toBe('copy');
      expect(args).not.toContain('libx264');
    }
  });

  it('copies AAC audio, transcodes other audio to AAC at a low bitrate, or drops it', () => {
    expect(buildRecordArgs({ ...base, audio: 'copy' })).toEqual(expect.arrayContaining(['-map', '0:a:0?', '-c:a', 'copy']));
    const aac = buildRecordArgs({ ...base, audio: 'aac' });
    expect(valueOf(aac, '-c:a')).toBe('aac');
    expect(valueOf(aac, '-b:a')).toBe('32k');
    const none = buildRecordArgs({ ...base, audio: 'none' });
    expect(none).toContain('-an');
    expect(none).not.toContain('0:a:0?');
  });

  it('cuts clock-aligned fragmented MP4 segments named by local time into the staging folder', () => {
    const args = buildRecordArgs({ ...base, audio: 'none' });
    expect(valueOf(args, '-f')).toBe('segment');
    expect(valueOf(args, '-segment_time')).toBe('2');
    expect(valueOf(args, '-segment_atclocktime')).toBe('1');
    expect(valueOf(args, '-strftime')).toBe('1');
    expect(valueOf(args, '-reset_timestamps')).toBe('1');
    expect(valueOf(args, '-segment_format_options')).toContain('frag_keyframe+empty_moov+default_base_moof');
    expect(valueOf(args, '-segment_list')).toBe('pipe:3');
    expect(args.at(-1)).toBe('/rec/cam1/.staging/run1/%Y%m%d_%H%M%S.mp4');
  });

  it('reports progress on stdout every second for stall detection', () => {
    const args = buildRecordArgs({ ...base, audio: 'none' });
    expect(valueOf(args, '-progress')).toBe('pipe:1');
    expect(valueOf(args, '-stats_period')).toBe('1');
    expect(args).toContain('-nostdin');
  });
});
