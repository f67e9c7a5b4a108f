import { describe, expect, it } from 'vitest';
import { FRESH_MS, planOffsite, type OffsiteAction, type OffsitePlanInput } from '../../../src/offsite/plan.js';
import { applyEvent, emptyState } from '../../../src/offsite/state-events.js';
import { CAMERA, merged, minuteOfSegments, recording, remote, s, segment, stateWith } from './footage.js';

const DAY_S = 86_400;
const plan = (input: Partial<OffsitePlanInput> & Pick<OffsitePlanInput, 'files'>) => planOffsite({ camera: CAMERA, state: emptyState(), retentionDays: 7, now: s(3600), ...input });
const shown = (a: OffsiteAction) => (a.type === 'upload' ? `up ${a.remote}` : a.type === 'delete' ? `del ${a.remote} (${a.reason})` : `recover ${a.pending.path}`);
const steps = (p: ReturnType<typeof plan>) => p.actions.map(shown);

describe('the off-site plan', () => {
  it('uploads complete files newest first by their footage, never footage still being recorded', () => {
    const files = [merged(0), segment(120), merged(1), segment(122), recording(124)];
    const p = plan({ files, now: s(130) });
    expect(steps(p)).toEqual([segment(122), segment(120), merged(1), merged(0)].map((f) => `up ${remote(f)}`));
    expect(remote(merged(0))).toMatch(/^door\/merged\/\d{8}_\d{4}\.mp4$/);
    expect(remote(segment(120))).toMatch(/^door\/segments\/\d{8}_\d{6}\.mp4$/);
  });

  it('sends fresh footage first, then deletes, then the older backlog newest first, then minutes whose segments are already there', () => {
    const now = s(3 * 3600);
    const fresh = segment(3 * 3600 - 10);
    const replacement = merged(170); // its segments are on the remote
    const old = [merged(2), merged(1)];
    const expired = segment(-8 * DAY_S);
    const state = stateWith([...minuteOfSegments(170), expired]);
    const p = plan({ files: [old[1]!, replacement, fresh, old[0]!], state, now });
    expect(steps(p)).toEqual([`up ${remote(fresh)}`, `del ${remote(expired)} (retention)`, `up ${remote(old[0]!)}`, `up ${remote(old[1]!)}`, `up ${remote(replacement)}`]);
    expect(now - FRESH_MS).toBeLessThan(fresh.start);
  });

  it('lists an interrupted upload in its footage\'s turn, among the fresh footage or the backlog, newest first', () => {
    const now = s(3 * 3600);
    const [older, tried, newer, old] = [segment(3 * 3600 - 20), segment(3 * 3600 - 10), segment(3 * 3600 - 4), merged(2)];
    const state = emptyState();
    for (const f of [tried, merged(1)]) applyEvent(state, { op: 'intent', path: remote(f), temp: `${remote(f)}.partial`, local: f.path, size: f.bytes, start: f.start, end: f.end, since: now - 1000 });
    const p = plan({ files: [older, tried, newer, old, merged(1)], state, now });
    expect(steps(p)).toEqual([`up ${remote(newer)}`, `recover ${remote(tried)}`, `up ${remote(older)}`, `up ${remote(old)}`, `recover ${remote(merged(1))}`]);
  });

  it('uploads a merged minute that replaces segments on the remote, and deletes them only once the minute is confirmed', () => {
    const segments = minuteOfSegments(0);
    const minute = merged(0);
    const before = plan({ files: [minute], state: stateWith(segments), now: s(200) });
    expect(steps(before)).toEqual([`up ${remote(minute)}`]);
    expect(before.actions[0]).toMatchObject({ covered: true });
    const pending = stateWith(segments);
    applyEvent(pending, { op: 'intent', path: remote(minute), temp: `${remote(minute)}.partial`, local: minute.path, size: minute.bytes, start: minute.start, end: minute.end, since: s(190) });
    expect(steps(plan({ files: [minute], state: pending, now: s(200) }))).toEqual([`recover ${remote(minute)}`]);
    const after = plan({ files: [minute], state: stateWith([...segments, minute]), now: s(200) });
    expect(steps(after)).toEqual(segments.map((f) => `del ${remote(f)} (replaced)`));
    expect(after.actions.every((a) => a.type === 'delete' && a.by === remote(minute))).toBe(true);
  });

  it('uploads only the merged minute of segments merged before they went off-site', () => {
    const segments = minuteOfSegments(0);
    const p = plan({ files: [merged(0)], state: stateWith(segments.slice(0, 10)), now: s(200) });
    expect(steps(p)).toEqual([`up ${remote(merged(0))}`]);
    expect(p.actions[0]).toMatchObject({ covered: false });
  });

  it('never deletes a segment still on the local disk, nor one of a minute whose files are all gone locally', () => {
    const segments = minuteOfSegments(0);
    expect(steps(plan({ files: [merged(0), segments[29]!], state: stateWith([...segments, merged(0)]), now: s(200) }))).toEqual(segments.slice(0, 29).map((f) => `del ${remote(f)} (replaced)`));
    expect(steps(plan({ files: [], state: stateWith([...segments, merged(0)]), now: s(200) }))).toEqual([]);
  });

  it('after a step back of the clock, deletes a segment only once every merged file of its minute that overlaps it is on the remote', () => {
    const first = merged(0, { from: 0, to: 40 });
    const second = merged(0, { from: 20, to: 50, suffix: 1 }); // the clock stepped back: the same times again
    const inBoth = segment(30);
    expect(steps(plan({ files: [first, second], state: stateWith([inBoth, first]), now: s(200) }))).toEqual([`up ${remote(second)}`]);
    expect(steps(plan({ files: [first, second], state: stateWith([inBoth, first, second]), now: s(200) }))).toEqual([`del ${remote(inBoth)} (replaced)`]);
  });

  it('keeps on the remote a segment the merge left out (in the gap between the minute\'s files)', () => {
    const quarantined = segment(20);
    const files = [merged(0, { from: 0, to: 20 }), merged(0, { from: 22, to: 60, suffix: 1 })];
    expect(steps(plan({ files, state: stateWith([quarantined, ...files]), now: s(200) }))).toEqual([]);
  });

  it('deletes from the remote what ended more than retention_days ago, oldest first, and does not send local footage that old', () => {
    const now = s(10 * DAY_S);
    const [a, b, kept] = [segment(1 * DAY_S), merged(2 * 1440), segment(3.5 * DAY_S)];
    const p = plan({ files: [merged(1440)], state: stateWith([b, kept, a]), now, retentionDays: 7 });
    expect(steps(p)).toEqual([`del ${remote(a)} (retention)`, `del ${remote(b)} (retention)`]);
    expect(p.lagSeconds).toBe(0);
  });

  it('sends a merged minute again under its name when a late segment made it grow, as a replacement when its footage is there', () => {
    const grown = merged(0, { to: 60, bytes: 31_000 });
    const p = plan({ files: [grown], state: stateWith([merged(0, { to: 58 }), segment(58)]), now: s(200) });
    expect(steps(p)).toEqual([`up ${remote(grown)}`]);
    expect(p.actions[0]).toMatchObject({ covered: true });
  });

  it('measures the lag from the oldest footage not off-site, a minute counting as off-site when its segments are, and the bytes still to send', () => {
    const files = [merged(0), merged(1, { bytes: 20_000 }), merged(2, { bytes: 25_000 }), segment(180, 700)];
    const p = plan({ files, state: stateWith([...minuteOfSegments(0), merged(2, { bytes: 25_000 })]), now: s(200) });
    expect(p.oldestPending).toBe(s(60));
    expect(p.lagSeconds).toBe(140);
    expect(p.pendingBytes).toBe(30_000 + 20_000 + 700);
    expect(p.pendingFiles).toBe(3);
    expect(plan({ files: [merged(0)], state: stateWith([merged(0)]), now: s(200) })).toMatchObject({ lagSeconds: 0, pendingBytes: 0, actions: [] });
  });
});

describe('the off-site plan of the newest footage only', () => {
  it('sends the window\'s files in the order of the whole plan and deletes nothing, since what is outside the window is not known to be gone', () => {
    const now = s(8 * DAY_S);
    const segments = minuteOfSegments(0);
    const state = stateWith([...segments, merged(0), segment(-8 * DAY_S)]);
    const newest = [segment(8 * DAY_S - 6), segment(8 * DAY_S - 4)];
    const whole = plan({ files: [merged(0), ...newest], state, now, retentionDays: 30 });
    const window = plan({ files: newest, state, now, retentionDays: 30, from: now - 60_000 });
    expect(steps(whole).filter((x) => x.startsWith('del'))).toHaveLength(segments.length);
    expect(steps(window)).toEqual(steps(whole).filter((x) => x.startsWith('up')));
    expect(window).toMatchObject({ partial: true, lagSeconds: 6 });
  });
});

describe('the off-site plan of a week of segments never merged', () => {
  it('plans 302 400 segments (one camera, 7 days of 2 s) without passing the engine\'s argument limit', () => {
    const files = Array.from({ length: 302_400 }, (_, i) => segment(2 * i - 7 * DAY_S));
    const p = plan({ files, now: s(0), retentionDays: 8 });
    expect(p.actions).toHaveLength(302_400);
    expect(p.lagSeconds).toBe(7 * DAY_S);
  });
});
