// Carries out one planned off-site action against the remote, recording it in the camera's state:
// an upload's intent before anything is sent and its `put` only after the verified rename; a
// delete's `gone` once it is done (a file already missing counts as deleted); an interrupted
// upload (an intent without its `put`) resolved by one stat of its final and its temporary name
// (recover.ts), its temporary file removed.
import { stat } from 'node:fs/promises';
import type { OffsiteAction, UploadAction } from './plan.js';
import { resolvePending } from './recover.js';
import { localHash, partialName, verifyHashOf, type Remote } from './remote.js';
import type { OffsiteStateLog } from './state.js';
import type { PendingUpload } from './state-events.js';

export interface ActionTarget {
  remote: Remote;
  log: OffsiteStateLog;
  now?: () => number;
}

// 'done', or 'skipped' when there was nothing to do any more (the local file is gone, or the
// remote has it already). Remote failures throw (a CamsError from remote.ts).
export async function executeAction(target: ActionTarget, action: OffsiteAction): Promise<'done' | 'skipped'> {
  if (action.type === 'delete') return deleteRemote(target, action.remote);
  if (action.type === 'recover') return recoverUpload(target, action.pending);
  return uploadFile(target, action);
}

async function uploadFile(target: ActionTarget, action: UploadAction): Promise<'done' | 'skipped'> {
  // An upload that failed (the server went away mid-copy) left its intent: resolve that one, now,
  // rather than wait for the next whole plan to turn it into a recovery.
  const pending = target.log.state.pending.get(action.remote);
  if (pending) return recoverUpload(target, pending);
  const size = await localSize(action.local);
  if (size === undefined) return 'skipped';
  if (target.log.state.entries.get(action.remote)?.size === size) return 'skipped';
  await sendVerified(target, { path: action.remote, local: action.local, start: action.start, end: action.end });
  return 'done';
}

// Intent (with the temporary name and the hash), upload to that name, verify, rename, `put`.
async function sendVerified(target: ActionTarget, file: { path: string; local: string; start: number; end: number }): Promise<void> {
  const now = target.now ?? Date.now;
  const hashType = verifyHashOf((await target.remote.info()).hashes);
  const size = (await stat(file.local)).size;
  const hex = hashType ? await localHash(file.local, hashType) : undefined;
  const hash = hex ? `${hashType}:${hex}` : undefined;
  const temp = partialName(file.path);
  await target.log.record({ op: 'intent', ...file, temp, size, ...(hash ? { hash } : {}), since: now() });
  const uploaded = await target.remote.upload(file.local, file.path, { partial: temp, ...(hex ? { localHash: hex } : {}) });
  await target.log.record({ op: 'put', path: file.path, size: uploaded.bytes, ...(hash ? { hash } : {}), start: file.start, end: file.end, at: now() });
}

async function deleteRemote(target: ActionTarget, remotePath: string): Promise<'done'> {
  await target.remote.remove(remotePath); // false: it was not there, which is as good
  await target.log.record({ op: 'gone', path: remotePath, at: (target.now ?? Date.now)() });
  return 'done';
}

// docs/offsite.md "Crashes": confirm, finish the move, send again, or drop the intent.
async function recoverUpload(target: ActionTarget, pending: PendingUpload): Promise<'done'> {
  const { remote, log } = target;
  const now = target.now ?? Date.now;
  const [final, temp, size] = [await remote.stat(pending.path), await remote.stat(pending.temp), await localSize(pending.local)];
  const recovery = resolvePending(pending, { ...(final ? { final } : {}), ...(temp ? { temp } : {}), localExists: size !== undefined });
  if (recovery.then === 'move') await remote.move(pending.temp, pending.path);
  else if (recovery.deleteTemp) await remote.remove(pending.temp);
  if (recovery.then === 'confirm' || recovery.then === 'move') {
    const hash = (recovery.then === 'confirm' ? final?.hash : temp?.hash) ?? pending.hash;
    await log.record({ op: 'put', path: pending.path, size: pending.size, ...(hash ? { hash } : {}), start: pending.start, end: pending.end, at: now() });
  } else if (recovery.then === 'cancel') await log.record({ op: 'cancel', path: pending.path });
  else await sendVerified(target, { path: pending.path, local: pending.local, start: pending.start, end: pending.end });
  return 'done';
}

async function localSize(file: string): Promise<number | undefined> {
  return stat(file).then((s) => (s.isFile() ? s.size : undefined), () => undefined);
}
