import { describe, expect, it } from 'vitest';
import { FRESH_MS, planOffsite } from '../../../src/offsite/plan.js';
import { backlogOf, mergeQueues, pickCamera, queueOf, RANK, type Queued } from '../../../src/offsite/schedule.js';
import { applyEvent, emptyState } from '../../../src/offsite/state-events.js';
import { CAMERA, merged, minuteOfSegments, remote, s, segment, stateWith } from './footage.js';

const NOW = s(3 * 3600);
const planOf = (files: Parameters<typeof planOffsite>[0]['files'], state = emptyState(), from?: number) =>
  planOffsite({ camera: CAMERA, files, state, retentionDays: 7, now: NOW, ...(from === undefined ? {} : { from }) });
const keys = (queue: readonly Queued[]) => queue.map((q) => q.key);

describe('the uploader\'s schedule', () => {
  it('ranks a plan: fresh footage, deletes, the backlog, minutes already there as segments; an interrupted upload in its footage\'s turn', () => {
    const fresh = segment(3 * 3600 - 10);
    const old = merged(2);
    const tidy = merged(170);
    const state = stateWith([...minuteOfSegments(170), segment(-8 * 86_400)]);
    state.pending.set('door/segments/x.mp4', { path: 'door/segments/x.mp4', temp: 'door/segments/.x.mp4.partial-00000000', local: '/x', size: 1, start: s(5), end: s(7), since: s(8) });
    const queue = queueOf(planOf([old, tidy, fresh], state), NOW);
    expect(queue.map((q) => q.rank)).toEqual([RANK.fresh, RANK.delete, RANK.backlog, RANK.backlog, RANK.tidy]);
    expect(keys(queue)).toEqual([remote(fresh), remote(segment(-8 * 86_400)), remote(old), 'door/segments/x.mp4', remote(tidy)]);
  });

  it('merges the newest minutes into the queue in order, the window\'s version of a path replacing the queue\'s', () => {
    const backlog = [merged(1), merged(2), merged(3)];
    const queue = queueOf(planOf(backlog), NOW);
    const newer = segment(3 * 3600 - 4);
    const window = queueOf(planOf([newer, { ...merged(3), bytes: 99 }], emptyState(), NOW - FRESH_MS), NOW);
    const mergedQueue = mergeQueues(queue, window);
    expect(keys(mergedQueue)).toEqual([remote(newer), remote(merged(3)), remote(merged(2)), remote(merged(1))]);
    expect(mergedQueue.filter((q) => q.key === remote(merged(3)))).toHaveLength(1);
    expect(mergedQueue[1]!.action).toMatchObject({ bytes: 99 });
  });

  it('puts back an upload a remote failure cut short after its intent in its footage\'s turn, so the try after the back-off is the newest file, not the one the failing try began', () => {
    const window = NOW - FRESH_MS;
    const early = [segment(3 * 3600 - 64), segment(3 * 3600 - 62)];
    let queue = queueOf(planOf(early, emptyState(), window), NOW);
    const tried = queue[0]!.action;
    expect(tried).toMatchObject({ type: 'upload', remote: remote(early[1]!) });
    if (tried.type !== 'upload') throw new Error('an upload first');
    const state = emptyState(); // the failing try wrote its intent before the server refused the copy
    applyEvent(state, { op: 'intent', path: tried.remote, temp: `${tried.remote}.partial`, local: tried.local, size: tried.bytes, start: tried.start, end: tried.end, since: NOW });
    const later = Array.from({ length: 28 }, (_, i) => segment(3 * 3600 - 60 + 2 * i));
    queue = mergeQueues(queue, queueOf(planOf([...early, ...later], state, window), NOW + 2_000));
    expect(queue.map((q) => q.start)).toEqual([...later, ...early].map((f) => f.start).sort((a, b) => b - a));
    expect(queue.find((q) => q.key === tried.remote)?.action.type).toBe('recover');
    const whole = queueOf(planOf([...early, ...later, merged(100)], state), NOW + 2_000);
    expect(whole.map((q) => q.start)).toEqual([...later, ...early, merged(100)].map((f) => f.start).sort((a, b) => b - a));
  });

  it('picks, across cameras, the lower rank first and within a rank the newest footage', () => {
    const q = (rank: Queued['rank'], start: number, key: string): Queued => ({ rank, start, key, action: { type: 'delete', remote: key, reason: 'retention' } });
    expect(pickCamera(new Map([['a', q(RANK.backlog, s(100), 'a1')], ['b', q(RANK.backlog, s(200), 'b1')]]))).toBe('b');
    expect(pickCamera(new Map([['a', q(RANK.fresh, s(100), 'a1')], ['b', q(RANK.backlog, s(200), 'b1')]]))).toBe('a');
    expect(pickCamera(new Map([['a', undefined], ['b', q(RANK.tidy, s(1), 'b1')]]))).toBe('b');
    expect(pickCamera(new Map([['a', undefined]]))).toBeUndefined();
  });

  it('tells the lag (oldest footage not off-site, minutes already there as segments not counted) and the bytes to send', () => {
    const state = stateWith(minuteOfSegments(170));
    const queue = queueOf(planOf([merged(170), merged(100, { bytes: 500 }), segment(3 * 3600 - 10, 700)], state), NOW);
    expect(backlogOf(queue, NOW)).toEqual({ lagSeconds: (NOW - s(100 * 60)) / 1000, pendingBytes: 30_000 + 500 + 700, pendingFiles: 3 });
    expect(backlogOf([], NOW)).toEqual({ lagSeconds: 0, pendingBytes: 0, pendingFiles: 0 });
  });
});
