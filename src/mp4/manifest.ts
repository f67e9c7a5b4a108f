// The manifest a merged file carries: which segments are inside it. It lives in a top-level
// `uuid` box (ISO/IEC 14496-12 §4.2: user extension boxes), which players skip.
import { makeBox } from './boxes.js';

export interface Manifest {
  start: string; // ISO time of the footage's start
  sources: string[]; // "name:size" of each segment inside
}

// Our extended type: a fixed random UUID naming cams-manager's manifest.
export const MANIFEST_UUID = Buffer.from('c4a3e5b06d1f4e0a9b8e2f6a1d7c3e91', 'hex');

export function encodeManifest(manifest: Manifest): Buffer {
  return makeBox('uuid', MANIFEST_UUID, Buffer.from(JSON.stringify(manifest), 'utf8'));
}

// The manifest in a uuid box's bytes (the whole box), or undefined if the box is not ours.
export function decodeManifest(box: Buffer, header = 8): Manifest | undefined {
  if (!box.subarray(header, header + 16).equals(MANIFEST_UUID)) return undefined;
  try {
    const value = JSON.parse(box.subarray(header + 16).toString('utf8')) as Partial<Manifest>;
    if (typeof value.start !== 'string' || !Array.isArray(value.sources)) return undefined;
    return { start: value.start, sources: value.sources.map(String) };
  } catch {
    return undefined;
  }
}
