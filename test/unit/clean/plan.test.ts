import { describe, expect, it } from 'vitest';
import { planClean, type CleanRules, type Disk, type Recording } from '../../../src/clean/plan.js';

const NOW = new Date(2026, 10, 24, 12, 0, 0);
const DAY = 86_400_000;

function rec(camera: string, daysAgo: number, bytes = 100, extra: Partial<Recording> = {}): Recording {
  const time = new Date(NOW.getTime() - daysAgo * DAY);
  return { camera, file: `/rec/${camera}/merged/${time.getTime()}.mp4`, time, bytes, device: 1, pending: false, ...extra };
}

const disk = (free: number, total = 10_000): Disk => ({ device: 1, free, total });
const plan = (recordings: Recording[], rules: Partial<CleanRules> = {}, disks = [disk(5000)]) =>
  planClean({ recordings, disks, rules: { retentionDays: 7, ...rules }, now: NOW });
const names = (p: ReturnType<typeof plan>) => p.deletions.map((d) => `${d.recording.camera} ${(NOW.getTime() - d.recording.time.getTime()) / DAY}d ${d.reason}`);

describe('planClean', () => {
  it('deletes what its name dates before retention_days and keeps the rest', () => {
    expect(names(plan([rec('a', 8), rec('a', 6.9), rec('b', 30), rec('b', 1)]))).toEqual(['b 30d retention', 'a 8d retention']);
  });

  it('deletes nothing when no limit is passed', () => {
    expect(plan([rec('a', 1), rec('b', 2)], { maxUsage: 1000, maxUsagePerCamera: 1000, minFree: { bytes: 0, percent: 10 } }).deletions).toEqual([]);
  });

  it('over max_usage, deletes the oldest recordings across cameras until the total fits', () => {
    const p = plan([rec('a', 1), rec('b', 3), rec('a', 5), rec('b', 2)], { maxUsage: 250 });
    expect(names(p)).toEqual(['a 5d budget', 'b 3d budget']);
    expect(p.unmet).toEqual([]);
  });

  it('over max_usage_per_camera, deletes only that camera\'s oldest', () => {
    expect(names(plan([rec('a', 1), rec('a', 2), rec('a', 3), rec('b', 6)], { maxUsagePerCamera: 200 }))).toEqual(['a 3d budget']);
  });

  it('under min_free (bytes or percent), deletes oldest until the disk has that much free', () => {
    const recordings = [rec('a', 1), rec('b', 2), rec('a', 3)];
    expect(names(plan(recordings, { minFree: { bytes: 1150, percent: 0 } }, [disk(1000)]))).toEqual(['a 3d budget', 'b 2d budget']);
    expect(names(plan(recordings, { minFree: { bytes: 0, percent: 12 } }, [disk(1000)]))).toEqual(['a 3d budget', 'b 2d budget']);
  });

  it('counts what retention deletes before deleting more for the budget', () => {
    expect(names(plan([rec('a', 10, 500), rec('a', 1), rec('a', 2)], { maxUsage: 250 }))).toEqual(['a 10d retention']);
  });

  it('never deletes pending segments, and says when the budget cannot be met', () => {
    const p = plan([rec('a', 0.001, 500, { pending: true }), rec('a', 1)], { maxUsage: 100 });
    expect(names(p)).toEqual(['a 1d budget']);
    expect(p.unmet).toEqual(['recordings use 500 bytes, more than retention.max_usage']);
  });

  it('only deletes from the disk that is short of space', () => {
    const other = rec('b', 9.5, 100, { device: 2 });
    const p = plan([rec('a', 1), rec('a', 2), { ...other, time: new Date(NOW.getTime() - 3 * DAY) }], { minFree: { bytes: 1050, percent: 0 } }, [disk(1000), { device: 2, free: 9000, total: 10_000 }]);
    expect(names(p)).toEqual(['a 2d budget']);
  });
});

describe('planClean with the off-site interlock', () => {
  const old = rec('a', 8);
  const older = rec('a', 9);
  const recent = rec('a', 1);

  it('without it deletes as before and says nothing of off-site', () => {
    expect(plan([old, recent]).offsite).toBeUndefined();
  });

  it('with offsite.required never deletes a recording that is not off-site, and says which it kept', () => {
    const p = planClean({ recordings: [older, old, recent], disks: [disk(5000)], rules: { retentionDays: 7 }, now: NOW, offsite: { required: true, notOffsite: new Set([old.file, recent.file]) } });
    expect(p.deletions.map((d) => d.recording)).toEqual([older]);
    expect(p.offsite).toEqual({ held: [old], lost: [], forced: [] });
  });

  it('with offsite.required, takes for the disk budget what is off-site instead', () => {
    const p = planClean({ recordings: [rec('a', 3), rec('a', 2), rec('a', 1)], disks: [disk(5000)], rules: { retentionDays: 7, maxUsage: 250 }, now: NOW, offsite: { required: true, notOffsite: new Set([`/rec/a/merged/${NOW.getTime() - 3 * DAY}.mp4`]) } });
    expect(names(p)).toEqual(['a 2d budget']);
    expect(p.offsite?.held.map((r) => r.bytes)).toEqual([100]);
  });

  it('without offsite.required lets local retention win and says what went before it was off-site', () => {
    const p = planClean({ recordings: [older, old, recent], disks: [disk(5000)], rules: { retentionDays: 7 }, now: NOW, offsite: { required: false, notOffsite: new Set([old.file, recent.file]) } });
    expect(p.deletions.map((d) => d.recording)).toEqual([older, old]);
    expect(p.offsite).toEqual({ held: [], lost: [old], forced: [] });
  });

  it('with offsite.required, a disk below min_free first loses what is off-site, then, to keep the recorder recording, the oldest not off-site, and says so', () => {
    const [a3, a2, a1] = [rec('a', 3, 1000), rec('a', 2, 1000), rec('a', 1, 1000)];
    const offsite = { required: true, notOffsite: new Set([a3.file, a1.file]) };
    // 500 free, 2 500 needed: a2 (off-site) goes first, then a3, the oldest not off-site; a1 stays.
    const p = planClean({ recordings: [a3, a2, a1], disks: [disk(500)], rules: { retentionDays: 7, minFree: { bytes: 2500, percent: 0 } }, now: NOW, offsite });
    expect(names(p)).toEqual(['a 2d budget', 'a 3d budget']);
    expect(p.offsite).toEqual({ held: [], lost: [], forced: [a3] });
    expect(p.unmet).toEqual([]);
  });

  it('with offsite.required, max_usage alone never deletes what is not off-site: it stays unmet', () => {
    const [a3, a2] = [rec('a', 3, 1000), rec('a', 2, 1000)];
    const p = planClean({ recordings: [a3, a2], disks: [disk(5000)], rules: { retentionDays: 7, maxUsage: 500 }, now: NOW, offsite: { required: true, notOffsite: new Set([a3.file, a2.file]) } });
    expect(p.deletions).toEqual([]);
    expect(p.offsite).toEqual({ held: [a3, a2], lost: [], forced: [] });
    expect(p.unmet).toEqual(['recordings use 2000 bytes, more than retention.max_usage']);
  });
});
