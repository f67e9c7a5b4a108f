import { describe, expect, it } from 'vitest';
import { childBoxes, makeBox } from '../../../src/mp4/boxes.js';
import { buildHevcConfig, hvc1Entry, inBandParameterSets, lacksParameterSets, parseHevcConfig } from '../../../src/mp4/hevc-sample-entry.js';
import { entryChild, H265_KEYFRAME, HEV1, hev1Lacking, VISUAL_FIELDS } from '../../support/h265-fixture.js';

// A real hev1 entry, its hvcC and a keyframe, from a recording of the H.265 simulator (test/fixtures/h265/).
const HVCC = entryChild(HEV1, 'hvcC').subarray(8);
const FIELDS = HEV1.subarray(8, VISUAL_FIELDS);

describe('HEVCDecoderConfigurationRecord', () => {
  it('reads the recorded hvcC: one VPS, SPS and PPS, not marked complete, and writes it back byte for byte', () => {
    const config = parseHevcConfig(HVCC);
    expect(config.arrays.map((a) => [a.type, a.complete, a.units.map((u) => u.length)])).toEqual([[32, false, [24]], [33, false, [50]], [34, false, [6]]]);
    expect(buildHevcConfig(config).equals(HVCC)).toBe(true);
  });

  it('refuses a record that is cut off, naming where', () => {
    expect(() => parseHevcConfig(HVCC.subarray(0, 40))).toThrow('is cut off in its array of NAL type 32');
    expect(() => parseHevcConfig(HVCC.subarray(0, 10))).toThrow('is no HEVCDecoderConfigurationRecord (10 bytes, version 1)');
  });
});

describe('inBandParameterSets', () => {
  it("finds a keyframe's VPS, SPS and PPS, the same as the hvcC's, and skips its slice", () => {
    const config = parseHevcConfig(HVCC);
    expect(inBandParameterSets(H265_KEYFRAME, 4)).toEqual(config.arrays.map((a) => a.units[0]));
  });

  it('keeps what came before a length that runs past the end of the sample', () => {
    expect(inBandParameterSets(H265_KEYFRAME.subarray(0, 4 + 24 + 4 + 20), 4)).toHaveLength(1);
  });
});

describe('hvc1Entry', () => {
  it('renames the recorded hev1 entry hvc1 and marks its three parameter set arrays complete, changing nothing else', () => {
    const hvc1 = hvc1Entry(HEV1)!;
    expect(hvc1.toString('latin1', 4, 8)).toBe('hvc1');
    expect(hvc1.length).toBe(HEV1.length);
    expect(hvc1.subarray(8, VISUAL_FIELDS).equals(FIELDS)).toBe(true);
    const config = parseHevcConfig(entryChild(hvc1, 'hvcC').subarray(8));
    expect(config.arrays.map((a) => [a.type, a.complete])).toEqual([[32, true], [33, true], [34, true]]);
    expect(config.arrays.map((a) => a.units)).toEqual(parseHevcConfig(HVCC).arrays.map((a) => a.units));
    expect(childBoxes(hvc1, VISUAL_FIELDS).map((b) => b.type)).toEqual(childBoxes(HEV1, VISUAL_FIELDS).map((b) => b.type));
    expect(entryChild(hvc1, 'colr').equals(entryChild(HEV1, 'colr'))).toBe(true);
  });

  it('takes a parameter set the hvcC lacks from the keyframe, giving the entry it would have had', () => {
    for (const type of [32, 33, 34]) {
      const lacking = hev1Lacking(type);
      expect(lacksParameterSets(lacking)).toBe(true);
      expect(hvc1Entry(lacking, H265_KEYFRAME)!.equals(hvc1Entry(HEV1)!)).toBe(true);
    }
    expect(lacksParameterSets(HEV1)).toBe(false);
  });

  it('stays undefined (the entry cannot be hvc1) when a parameter set is neither in the hvcC nor in the keyframe, or there is no hvcC', () => {
    expect(hvc1Entry(hev1Lacking(32))).toBeUndefined();
    expect(hvc1Entry(hev1Lacking(33), H265_KEYFRAME.subarray(0, 4 + 24))).toBeUndefined();
    const noHvcC = makeBox('hev1', FIELDS, entryChild(HEV1, 'colr'));
    expect(hvc1Entry(noHvcC, H265_KEYFRAME)).toBeUndefined();
    expect(lacksParameterSets(noHvcC)).toBe(false);
  });
});
