import { describe, expect, it } from 'vitest';
import { childBoxes, childrenOf, findBox, payload } from '../../../src/mp4/boxes.js';
import { planRegularMp4, type TrackSelection } from '../../../src/mp4/regular-plan.js';
import { textSample, textTrack } from '../../../src/mp4/text-track.js';
import { readRegularTables } from '../../support/read-regular-tables.js';
import { buildRegularMp4 } from '../../support/regular-mp4.js';

// A source moov with video (track 1, 15360 ticks a second) and audio (track 2, 16000).
const SOURCE = (() => {
  const file = buildRegularMp4({ videoFrames: 2, audioFrames: 2 });
  const moov = childBoxes(file).find((b) => b.type === 'moov')!;
  return file.subarray(moov.start, moov.start + moov.size);
})();
const VIDEO: TrackSelection = { trackId: 1, samples: Array.from({ length: 45 }, (_, i) => ({ file: 'a.mp4', offset: i * 100, size: 100, duration: 1024, sync: i % 15 === 0, compositionOffset: 0 })), edits: [] };
// The tx3g sample entry FFmpeg 5.1 writes for `-c:s mov_text` into an MP4, less its optional btrt box.
const FFMPEG_TX3G = '00000040747833670000000000000001' + '0000000001ff000000ff0000000000000000' + '0000000000010010ffffffff' + '00000012667461620001000105417269616c';

describe('textSample', () => {
  it('is the 16-bit length of the UTF-8 text, then the text', () => {
    expect(textSample('2026-11-30 14:32:05 +01:00')).toEqual(Buffer.concat([Buffer.from([0, 26]), Buffer.from('2026-11-30 14:32:05 +01:00')]));
    expect(textSample('Zürich')).toEqual(Buffer.from([0, 7, ...Buffer.from('Zürich', 'utf8')]));
    expect(() => textSample('x'.repeat(70_000))).toThrow('a text sample holds at most 65535 bytes, not 70000');
  });
});

describe('textTrack', () => {
  const text = textTrack(3, [{ duration: 400, text: '2026-11-30 14:32:05 +01:00' }, { duration: 1000, text: '2026-11-30 14:32:06 +01:00' }, { duration: 600, text: '2026-11-30 14:32:07 +01:00' }]);
  const moov = planRegularMp4({ moov: SOURCE, tracks: [VIDEO, text], creationTime: new Date('2026-11-30T13:32:05Z') }).head[1]!;
  const trak = childrenOf(moov, childBoxes(moov)[0]!, 'trak')[1]!;
  const body = (p: string) => payload(moov, findBox(moov, p, trak.start + trak.header, trak.start + trak.size)!);

  it('is a track of its own beside the copied ones: 3GPP timed text as FFmpeg writes it for MP4 (handler sbtl, nmhd, a tx3g entry)', () => {
    expect(body('mdia/hdlr').toString('latin1', 8, 12)).toBe('sbtl');
    const minf = findBox(moov, 'mdia/minf', trak.start + trak.header, trak.start + trak.size)!;
    expect(childBoxes(moov, minf.start + minf.header, minf.start + minf.size).map((b) => b.type)).toEqual(['nmhd', 'dinf', 'stbl']);
    const stsd = body('mdia/minf/stbl/stsd');
    expect(stsd.readUInt32BE(4)).toBe(1);
    expect(stsd.subarray(8).toString('hex')).toBe(FFMPEG_TX3G);
    const mdhd = body('mdia/mdhd');
    expect([mdhd.readUInt32BE(12), mdhd.readUInt16BE(20)]).toEqual([1000, 0x55c4]); // ms, "und"
  });

  it('is enabled (shown without being asked) and in an alternate group of its own, as FFmpeg puts subtitles', () => {
    const tkhd = body('tkhd');
    expect(tkhd.readUInt32BE(0) & 0xffffff).toBe(3); // track_enabled | track_in_movie
    expect(tkhd.readUInt32BE(12)).toBe(3); // track id
    expect(tkhd.readUInt16BE(34)).toBe(3); // alternate_group
  });

  it('shows its cues one after another from the start of the movie, for as long as they last', () => {
    const tables = readRegularTables(moov);
    const track = tables.tracks[1]!;
    expect(track.samples.map((s) => [s.duration, s.size])).toEqual([[400, 28], [1000, 28], [600, 28]]);
    expect(track.edits).toEqual([{ mediaTime: 0, duration: 2000 * 15.36 }]); // in the movie's timescale, the video's
    expect(track.tkhdDuration).toBe(2000 * 15.36);
  });

  it('refuses an id the source uses already', () => {
    expect(() => planRegularMp4({ moov: SOURCE, tracks: [VIDEO, { ...text, trackId: 2 }], creationTime: new Date() })).toThrow('track 2 is in the source already');
  });
});
