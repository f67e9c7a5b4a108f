// Which off-site action goes next, a pure decision over every camera's queue. One transfer at a
// time for all cameras, in order of kinds (docs/offsite.md, "Order"): fresh footage, deletes, the
// backlog and last the merged minutes that only tidy up; within a kind, newest footage first, across
// cameras too. An interrupted upload (an intent without its `put`: a crash, or a try the remote
// failed) goes in its footage's turn, so the try after a back-off is the newest file, not the stale one.
import { FRESH_MS, type OffsiteAction, type OffsitePlan } from './plan.js';

export const RANK = { fresh: 0, delete: 1, backlog: 2, tidy: 3 } as const;
export type Rank = (typeof RANK)[keyof typeof RANK];

// An action with its rank frozen when it was planned (a queue stays sorted as time goes by).
export interface Queued {
  action: OffsiteAction;
  rank: Rank;
  start: number; // ms: its footage's start (0 for a delete)
  key: string; // the remote path it is about
}

// A plan's actions as a queue, in the order they go.
export function queueOf(plan: Pick<OffsitePlan, 'actions'>, now: number): Queued[] {
  return plan.actions.map((action) => ({ action, rank: rankOf(action, now), start: startOf(action), key: keyOf(action) })).sort(byTurn);
}

// A window plan's actions (the newest minutes) merged into the queue of the last plan: the window's
// version of a path replaces the queue's, and both stay in order. Linear in the queue's length.
export function mergeQueues(queue: readonly Queued[], window: readonly Queued[]): Queued[] {
  const fresh = new Set(window.map((q) => q.key));
  const old = queue.filter((q) => !fresh.has(q.key));
  const merged: Queued[] = [];
  let [i, j] = [0, 0];
  while (i < old.length || j < window.length) {
    if (j >= window.length || (i < old.length && byTurn(old[i]!, window[j]!) <= 0)) merged.push(old[i++]!);
    else merged.push(window[j++]!);
  }
  return merged;
}

// The camera whose head of queue goes next, or undefined when every queue is empty.
export function pickCamera(heads: ReadonlyMap<string, Queued | undefined>): string | undefined {
  let best: [string, Queued] | undefined;
  for (const [camera, head] of heads) if (head && (!best || byTurn(head, best[1]) < 0)) best = [camera, head];
  return best?.[0];
}

// Lag and bytes still to send of a queue: the age of the oldest footage not off-site (seconds).
export function backlogOf(queue: readonly Queued[], now: number): { lagSeconds: number; pendingBytes: number; pendingFiles: number } {
  let oldest: number | undefined;
  let pendingBytes = 0;
  let pendingFiles = 0;
  for (const { action, rank, start } of queue) {
    if (action.type === 'delete') continue;
    pendingFiles += 1;
    pendingBytes += action.type === 'upload' ? action.bytes : action.pending.size;
    if (rank !== RANK.tidy && (oldest === undefined || start < oldest)) oldest = start;
  }
  return { lagSeconds: oldest === undefined ? 0 : Math.max(0, (now - oldest) / 1000), pendingBytes, pendingFiles };
}

function rankOf(action: OffsiteAction, now: number): Rank {
  if (action.type === 'delete') return RANK.delete;
  if (action.type === 'upload' && action.covered) return RANK.tidy;
  return startOf(action) >= now - FRESH_MS ? RANK.fresh : RANK.backlog;
}

function startOf(action: OffsiteAction): number {
  return action.type === 'recover' ? action.pending.start : action.type === 'upload' ? action.start : 0;
}

function keyOf(action: OffsiteAction): string {
  return action.type === 'recover' ? action.pending.path : action.remote;
}

// Lower rank first; within a rank newest footage first (a delete keeps its planned order: stable).
function byTurn(a: Queued, b: Queued): number {
  return a.rank - b.rank || (a.rank === RANK.delete ? 0 : b.start - a.start);
}
