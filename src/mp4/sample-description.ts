// A track's sample description (stsd) without what describes one file rather than the codec setup:
// bitrate hints (btrt, §8.5.2.2 of ISO/IEC 14496-12; the esds DecoderConfigDescriptor's
// bufferSizeDB, maxBitrate and avgBitrate, ISO/IEC 14496-1 §7.2.6.6) and the compressor name.
// A plain MP4 muxer measures the bitrates of each file it writes, so two segments of one stream
// differ there, while the decoder only needs the rest (codec, size, SPS/PPS, AudioSpecificConfig).
import { childBoxes, type Box } from './boxes.js';

// Where a sample entry's child boxes start (after its 8-byte header and fixed fields).
const VISUAL_FIELDS = 8 + 78; // VisualSampleEntry, §12.1.3
const AUDIO_FIELDS = 8 + 28; // AudioSampleEntry version 0, §12.2.3; QuickTime versions 1 and 2 add 16 / 36
const COMPRESSOR_NAME = { at: 8 + 42, length: 32 };
const ESDS_DECODER_CONFIG = 0x04;
const ESDS_ES = 0x03;

// A copy of the stsd payload with those fields zeroed; handler: the track's hdlr type ("vide", "soun"…).
export function normalizedSampleDescription(stsd: Buffer, handler: string): Buffer {
  const copy = Buffer.from(stsd);
  try {
    for (const entry of childBoxes(copy, 8)) normalizeEntry(copy, entry, handler);
  } catch {
    return Buffer.from(stsd); // a layout this does not know: compare it as it is
  }
  return copy;
}

function normalizeEntry(buf: Buffer, entry: Box, handler: string): void {
  const at = entry.start;
  let children: number;
  if (handler === 'vide') {
    buf.fill(0, at + COMPRESSOR_NAME.at, at + COMPRESSOR_NAME.at + COMPRESSOR_NAME.length);
    children = at + VISUAL_FIELDS;
  } else if (handler === 'soun') {
    const version = buf.readUInt16BE(at + 16);
    children = at + AUDIO_FIELDS + (version === 1 ? 16 : version === 2 ? 36 : 0);
  } else return;
  for (const child of childBoxes(buf, children, at + entry.size)) {
    if (child.type === 'btrt') buf.fill(0, child.start + child.header, child.start + child.size);
    if (child.type === 'esds') zeroEsdsBitrates(buf, child.start + child.header + 4, child.start + child.size);
  }
}

// Walks the ES_Descriptor to its DecoderConfigDescriptor and zeroes bufferSizeDB, maxBitrate, avgBitrate.
function zeroEsdsBitrates(buf: Buffer, start: number, end: number): void {
  let p = start;
  if (buf[p] !== ESDS_ES) return;
  p = afterLength(buf, p + 1);
  const flags = buf[p + 2]!; // after ES_ID: streamDependenceFlag, URL_Flag, OCRstreamFlag
  p += 3 + (flags & 0x80 ? 2 : 0);
  if (flags & 0x40) p += 1 + buf[p]!;
  if (flags & 0x20) p += 2;
  if (p >= end || buf[p] !== ESDS_DECODER_CONFIG) return;
  p = afterLength(buf, p + 1) + 2; // objectTypeIndication, streamType
  if (p + 11 <= end) buf.fill(0, p, p + 11);
}

// Skips a descriptor's expandable size field (1 to 4 bytes, high bit = more follow).
function afterLength(buf: Buffer, p: number): number {
  for (let i = 0; i < 4; i++) if ((buf[p++]! & 0x80) === 0) break;
  return p;
}
