// Builds small regular (non-fragmented) MP4 files box by box, laid out as FFmpeg's plain mp4 muxer
// and the original tool write them (ftyp, mdat, then moov with sample tables), for unit tests of
// the inspection without FFmpeg. The samples are filler bytes: nothing here is decoded.
import { makeBox } from '../../src/mp4/boxes.js';

export interface RegularSpec {
  videoFrames: number; // of 1024 ticks at 15360 (15 fps)
  audioFrames?: number; // AAC frames of 1024 ticks at 16000; none without
  audioDelayMs?: number; // an empty edit before the audio
  videoBitrate?: number; // what btrt and the esds say (a plain muxer measures it per file)
  sps?: Buffer; // the avcC's bytes after its header
  videoEntry?: Buffer; // the video's sample entry (default: avc1 with that avcC)
}

const SAMPLE_BYTES = 10;
const u32 = (...values: number[]) => Buffer.concat(values.map((v) => { const b = Buffer.alloc(4); b.writeUInt32BE(v >>> 0); return b; }));
const u16 = (...values: number[]) => Buffer.concat(values.map((v) => { const b = Buffer.alloc(2); b.writeUInt16BE(v); return b; }));
const full = (type: string, ...parts: Buffer[]) => makeBox(type, u32(0), ...parts); // version 0, no flags

// The bytes of the file.
export function buildRegularMp4(spec: RegularSpec): Buffer {
  const ftyp = makeBox('ftyp', Buffer.from('isom'), u32(0x200), Buffer.from('isomiso2avc1mp41'));
  const counts = [spec.videoFrames, spec.audioFrames ?? 0];
  const mdat = makeBox('mdat', Buffer.alloc((counts[0]! + counts[1]!) * SAMPLE_BYTES, 0xab));
  const dataStart = ftyp.length + 8;
  const video = trak({ id: 1, handler: 'vide', timescale: 15360, frames: counts[0]!, offset: dataStart, entry: spec.videoEntry ?? avc1(spec) });
  const traks = [video];
  if (spec.audioFrames !== undefined) {
    const offset = dataStart + counts[0]! * SAMPLE_BYTES;
    traks.push(trak({ id: 2, handler: 'soun', timescale: 16000, frames: counts[1]!, offset, entry: mp4a(spec.videoBitrate ?? 0), delayMs: spec.audioDelayMs }));
  }
  const mvhd = full('mvhd', u32(0, 0, 1000, 2000, 0x10000), u16(0x100), Buffer.alloc(10), Buffer.alloc(36), Buffer.alloc(24), u32(3));
  return Buffer.concat([ftyp, mdat, makeBox('moov', mvhd, ...traks)]);
}

interface TrakSpec {
  id: number;
  handler: string;
  timescale: number;
  frames: number;
  offset: number; // of the track's one chunk
  entry: Buffer; // the sample entry
  delayMs?: number;
}

function trak(t: TrakSpec): Buffer {
  const tkhd = full('tkhd', u32(0, 0, t.id, 0, 0), Buffer.alloc(8), u16(0, 0, 0, 0), Buffer.alloc(36), u32(0, 0));
  const edts = t.delayMs ? [makeBox('edts', full('elst', u32(2, t.delayMs, 0xffffffff, 0x10000, 2000, 0, 0x10000)))] : [];
  const mdhd = full('mdhd', u32(0, 0, t.timescale, t.frames * 1024), u16(0x55c4, 0));
  const hdlr = full('hdlr', u32(0), Buffer.from(t.handler), Buffer.alloc(12), Buffer.from('Handler\0'));
  const stbl = makeBox(
    'stbl',
    full('stsd', u32(1), t.entry),
    full('stts', u32(1, t.frames, 1024)),
    full('stsc', t.frames ? u32(1, 1, t.frames, 1) : u32(0)),
    full('stsz', u32(0, t.frames, ...Array<number>(t.frames).fill(SAMPLE_BYTES))),
    full('stco', t.frames ? u32(1, t.offset) : u32(0)),
  );
  return makeBox('trak', tkhd, ...edts, makeBox('mdia', mdhd, hdlr, makeBox('minf', stbl)));
}

function avc1(spec: RegularSpec): Buffer {
  const name = Buffer.alloc(32);
  name.write('\u0015Lavc libx264', 'latin1');
  const fields = Buffer.concat([Buffer.alloc(6), u16(1), Buffer.alloc(16), u16(320, 240), u32(0x480000, 0x480000, 0), u16(1), name, u16(24, 0xffff)]);
  const avcC = makeBox('avcC', spec.sps ?? Buffer.from('0142c00cffe100166742c00cda0507ec04400000030040000007a3c50aa8', 'hex'));
  return makeBox('avc1', fields, avcC, makeBox('btrt', u32(0, spec.videoBitrate ?? 0, spec.videoBitrate ?? 0)));
}

function mp4a(bitrate: number): Buffer {
  const fields = Buffer.concat([Buffer.alloc(6), u16(1), Buffer.alloc(8), u16(1, 16, 0, 0), u32(16000 << 16)]);
  const decoderConfig = Buffer.concat([Buffer.from([0x04, 0x11, 0x40, 0x15, 0, 0, 0]), u32(bitrate, bitrate), Buffer.from([0x05, 0x02, 0x14, 0x08])]);
  const es = Buffer.concat([Buffer.from([0x03, 3 + decoderConfig.length + 3, 0, 2, 0]), decoderConfig, Buffer.from([0x06, 0x01, 0x02])]);
  return makeBox('mp4a', fields, full('esds', es));
}
