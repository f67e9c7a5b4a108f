import { describe, expect, it } from 'vitest';
import type { Recording } from '../../../src/clean/plan.js';
import { formatOffsiteNotes, type OffsiteNote } from '../../../src/clean/report.js';

const lines = (notes: OffsiteNote[]) => notes.map((n) => n.line);
const rec = (camera: string, time: number, bytes: number): Recording => ({ camera, file: `/rec/${camera}/merged/${time}.mp4`, time: new Date(time), bytes, device: 1, pending: false });

describe('the clean\'s off-site lines', () => {
  it('say per camera how many recordings were kept for offsite.required, or deleted before they went off-site, with the oldest', () => {
    const held = [rec('door', Date.UTC(2026, 10, 24, 12), 4_000_000), rec('door', Date.UTC(2026, 10, 25, 12), 5_000_000), rec('yard', Date.UTC(2026, 10, 20), 1)];
    expect(lines(formatOffsiteNotes('door', { held, lost: [], forced: [] }, false))).toEqual([expect.stringMatching(/^door: kept 2 recordings, 9\.0 MB, not off-site yet though past retention or over the disk budget \(offsite\.required\); the oldest from 2026-11-2[45] \d\d:00:00 [+-]\d{4}$/)]);
    expect(lines(formatOffsiteNotes('door', { held: [], lost: held.slice(0, 1), forced: [] }, true))).toEqual([expect.stringMatching(/^door: would delete 1 recording, 4\.0 MB, before they went off-site \(offsite\.required is false: local retention wins\); the oldest from /)]);
    expect(formatOffsiteNotes('gate', { held, lost: held, forced: held }, false)).toEqual([]);
    expect(formatOffsiteNotes('door', undefined, false)).toEqual([]);
  });

  it('log kept recordings as info, deleted before off-site as a warning, and deleted though required (disk below min_free) as an error', () => {
    const one = [rec('door', Date.UTC(2026, 10, 24, 12), 1_000_000)];
    expect(formatOffsiteNotes('door', { held: one, lost: [], forced: [] }, false).map((n) => n.level)).toEqual(['info']);
    expect(formatOffsiteNotes('door', { held: [], lost: one, forced: [] }, false).map((n) => n.level)).toEqual(['warn']);
    const forced = formatOffsiteNotes('door', { held: [], lost: [], forced: one }, false);
    expect(forced).toEqual([{ level: 'error', line: expect.stringMatching(/^door: deleted 1 recording, 1\.0 MB, NOT off-site yet though offsite\.required: the disk is below retention\.min_free with nothing off-site left to delete, and the recorder must keep recording; the oldest from /) }]);
  });
});
