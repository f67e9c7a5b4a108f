// The sample table (stbl) of one track of a regular MP4, from its samples and the chunks they are
// stored in (ISO/IEC 14496-12 §8.5 stbl/stsd, §8.6.1.2 stts, §8.6.1.3 ctts, §8.6.2 stss,
// §8.7.3.2 stsz, §8.7.4 stsc, §8.7.5 stco/co64).
import { makeBox, makeFullBox, uint32s } from './boxes.js';

export interface TableSample {
  duration: number; // in the track's timescale
  size: number; // bytes
  sync: boolean;
  compositionOffset: number; // presentation time minus decode time
}

export interface TableChunk {
  count: number; // samples in it, taken in order
  offset: number; // of its first byte, from the start of the file
}

// The stbl box; stsd: the source's stsd box, copied as it is; wide: co64 instead of stco.
export function buildSampleTable(stsd: Buffer, samples: readonly TableSample[], chunks: readonly TableChunk[], wide: boolean): Buffer {
  const parts = [stsd, timeToSample(samples)];
  if (samples.some((s) => s.compositionOffset !== 0)) parts.push(compositionOffsets(samples));
  if (samples.some((s) => !s.sync)) parts.push(syncSamples(samples));
  parts.push(sampleSizes(samples), sampleToChunk(chunks), chunkOffsets(chunks, wide));
  return makeBox('stbl', ...parts);
}

// Runs of equal values as [count, value] pairs, flattened.
function runs(values: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i + 1;
    while (j < values.length && values[j] === values[i]) j++;
    out.push(j - i, values[i]!);
    i = j;
  }
  return out;
}

// stts: runs of equal durations.
function timeToSample(samples: readonly TableSample[]): Buffer {
  const entries = runs(samples.map((s) => s.duration));
  return makeFullBox('stts', 0, 0, uint32s([entries.length / 2, ...entries]));
}

// ctts: runs of equal composition offsets; version 1 (signed) when one is negative.
function compositionOffsets(samples: readonly TableSample[]): Buffer {
  const offsets = samples.map((s) => s.compositionOffset);
  const entries = runs(offsets);
  return makeFullBox('ctts', offsets.some((o) => o < 0) ? 1 : 0, 0, uint32s([entries.length / 2, ...entries]));
}

// stss: the 1-based numbers of the sync samples (left out when every sample is one).
function syncSamples(samples: readonly TableSample[]): Buffer {
  const numbers: number[] = [];
  samples.forEach((s, i) => s.sync && numbers.push(i + 1));
  return makeFullBox('stss', 0, 0, uint32s([numbers.length, ...numbers]));
}

// stsz: one size for all when they are equal, else each sample's.
function sampleSizes(samples: readonly TableSample[]): Buffer {
  const first = samples[0]?.size ?? 0;
  if (samples.every((s) => s.size === first)) return makeFullBox('stsz', 0, 0, uint32s([first, samples.length]));
  return makeFullBox('stsz', 0, 0, uint32s([0, samples.length, ...samples.map((s) => s.size)]));
}

// stsc: (first chunk, samples per chunk, sample description 1) wherever the count changes.
function sampleToChunk(chunks: readonly TableChunk[]): Buffer {
  const entries: number[] = [];
  chunks.forEach((c, i) => {
    if (i === 0 || c.count !== chunks[i - 1]!.count) entries.push(i + 1, c.count, 1);
  });
  return makeFullBox('stsc', 0, 0, uint32s([entries.length / 3, ...entries]));
}

// stco (32-bit offsets) or co64.
function chunkOffsets(chunks: readonly TableChunk[], wide: boolean): Buffer {
  if (!wide) return makeFullBox('stco', 0, 0, uint32s([chunks.length, ...chunks.map((c) => c.offset)]));
  const body = Buffer.allocUnsafe(4 + 8 * chunks.length);
  body.writeUInt32BE(chunks.length, 0);
  chunks.forEach((c, i) => body.writeBigUInt64BE(BigInt(c.offset), 4 + 8 * i));
  return makeFullBox('co64', 0, 0, body);
}
