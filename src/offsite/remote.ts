// The operations the uploader needs on the off-site remote, over one rclone rcd: what it is,
// whether it answers, upload (verified, never half-written under its final name), delete,
// bandwidth. Every rclone failure becomes one CamsError naming the remote (rclone-errors.ts).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { CamsError, EXIT } from '../errors.js';
import { RcCallError, type RcloneDaemon } from './rclone-daemon.js';
import { rcloneError } from './rclone-errors.js';

// Hashes compared after an upload, in order of preference, when the backend has one of them.
const VERIFY_HASHES = ['md5', 'sha1'] as const;
type VerifyHash = (typeof VERIFY_HASHES)[number];

// Pure: the hash an upload is verified by on a backend that has `hashes`; undefined: size only.
export function verifyHashOf(hashes: readonly string[]): VerifyHash | undefined {
  return VERIFY_HASHES.find((type) => hashes.includes(type));
}

export interface RemoteInfo {
  hashes: string[]; // what the backend can hash ("md5", "sha1"; none for plain WebDAV)
  serverSideMove: boolean; // rename on the server; without it rclone moves by copy + delete
}

export interface UploadOptions {
  partial?: string;
  localHash?: string;
}

export interface Uploaded {
  path: string; // final path on the remote, relative to offsite.remote
  bytes: number;
  hash?: { type: VerifyHash; value: string }; // absent when the backend has no common hash
}

export interface Remote {
  remote: string;
  info(): Promise<RemoteInfo>;
  // Lists the top folder: proves the remote is known, answers and accepts the credentials.
  probe(): Promise<{ exists: boolean }>;
  // `partial`: the temporary name to copy to (the uploader records it in its intent first);
  // `localHash`: the local file's hex digest of verifyHash(), when the caller has it already.
  upload(localFile: string, remotePath: string, options?: UploadOptions): Promise<Uploaded>;
  // True when it was there and is gone; false when it was not there.
  remove(remotePath: string): Promise<boolean>;
  // A file's size and hash ("<type>:<hex>", the verify hash), or undefined when it is not there.
  stat(remotePath: string): Promise<{ size: number; hash?: string } | undefined>;
  // Renames a file on the remote (a partial to its final name).
  move(from: string, to: string): Promise<void>;
  setBandwidth(rate: string): Promise<void>;
}

// The remote `remote` ("nas:cams") reached through `daemon`.
export function openRemote(daemon: RcloneDaemon, remote: string, configFile?: string): Remote {
  const call = async (action: string, method: string, params: Record<string, unknown>) => {
    try {
      return await daemon.call(method, params);
    } catch (error) {
      if (error instanceof CamsError) throw error;
      if (!(error instanceof RcCallError)) throw rcloneError(error instanceof Error ? error.message : String(error), { remote, configFile, action });
      throw rcloneError(error.message, { remote, configFile, action }, error.status);
    }
  };
  let info: Promise<RemoteInfo> | undefined;
  const self: Remote = {
    remote,
    info: () => (info ??= readInfo(call, remote)),
    probe: async () => {
      try {
        await call('listing its top folder', 'operations/list', { fs: remote, remote: '', opt: { dirsOnly: true } });
        return { exists: true };
      } catch (error) {
        if (error instanceof CamsError && error.code === 'E_OFFSITE_NOT_FOUND') return { exists: false };
        throw error;
      }
    },
    upload: (localFile, remotePath, options = {}) => uploadVerified({ call, remote, localFile, remotePath, info: self.info, ...options }),
    remove: async (remotePath) => {
      try {
        await call(`deleting ${remotePath}`, 'operations/deletefile', { fs: remote, remote: remotePath });
        return true;
      } catch (error) {
        if (error instanceof CamsError && error.code === 'E_OFFSITE_NOT_FOUND') return false;
        throw error;
      }
    },
    stat: async (remotePath) => {
      const hashType = verifyHashOf((await self.info()).hashes);
      const answer = await call(`checking ${remotePath}`, 'operations/stat', statParams(remote, remotePath, hashType)).catch((error: unknown) => {
        if (error instanceof CamsError && error.code === 'E_OFFSITE_NOT_FOUND') return { item: null }; // its folder is not there
        throw error;
      });
      const item = answer.item as RemoteItem | null;
      if (!item) return undefined;
      const hash = hashType ? item.Hashes?.[hashType] : undefined;
      return { size: item.Size ?? -1, ...(hash ? { hash: `${hashType}:${hash.toLowerCase()}` } : {}) };
    },
    move: async (from, to) => {
      await call(`moving ${from} to ${to}`, 'operations/movefile', { srcFs: remote, srcRemote: from, dstFs: remote, dstRemote: to });
    },
    setBandwidth: async (rate) => {
      await call(`setting the bandwidth limit to ${rate}`, 'core/bwlimit', { rate });
    },
  };
  return self;
}

type Call = (action: string, method: string, params: Record<string, unknown>) => Promise<Record<string, unknown>>;

async function readInfo(call: Call, remote: string): Promise<RemoteInfo> {
  const fsinfo = await call('reading what it supports', 'operations/fsinfo', { fs: remote });
  const features = (fsinfo.Features ?? {}) as Record<string, unknown>;
  return { hashes: Array.isArray(fsinfo.Hashes) ? (fsinfo.Hashes as string[]) : [], serverSideMove: features.Move === true };
}

interface UploadJob {
  call: Call;
  remote: string;
  localFile: string;
  remotePath: string;
  info: () => Promise<RemoteInfo>;
  partial?: string;
  localHash?: string;
}

// Copies to ".name.partial-<random>" beside the final name, checks its size (and hash when the
// backend has md5 or sha1), then renames it to the final name; a failed check deletes the partial.
async function uploadVerified(job: UploadJob): Promise<Uploaded> {
  const { call, remote, localFile, remotePath } = job;
  const partial = job.partial ?? partialName(remotePath);
  const bytes = statSync(localFile).size;
  const hashType = verifyHashOf((await job.info()).hashes);
  const local = hashType ? (job.localHash ?? (await localHash(localFile, hashType))) : undefined;
  const action = `uploading ${remotePath}`;
  try {
    await call(action, 'operations/copyfile', { srcFs: path.dirname(localFile), srcRemote: path.basename(localFile), dstFs: remote, dstRemote: partial });
  } catch (error) {
    await call(`deleting ${partial}`, 'operations/deletefile', { fs: remote, remote: partial }).catch(() => undefined);
    throw error;
  }
  const stat = await call(`checking ${partial}`, 'operations/stat', statParams(remote, partial, hashType));
  const problem = compareUpload(stat.item as RemoteItem | null, { bytes, ...(hashType && local ? { hash: { type: hashType, value: local } } : {}) });
  if (problem) {
    await call(`deleting ${partial}`, 'operations/deletefile', { fs: remote, remote: partial }).catch(() => undefined);
    throw new CamsError(`off-site remote "${remote}": ${remotePath} did not arrive intact (${problem})`, { code: 'E_OFFSITE_VERIFY', exitCode: EXIT.FAILURE });
  }
  await call(action, 'operations/movefile', { srcFs: remote, srcRemote: partial, dstFs: remote, dstRemote: remotePath });
  return { path: remotePath, bytes, ...(hashType && local ? { hash: { type: hashType, value: local } } : {}) };
}

// operations/stat of one file with one hash (without hashTypes rclone computes every hash it has).
function statParams(remote: string, remotePath: string, hashType: VerifyHash | undefined): Record<string, unknown> {
  return { fs: remote, remote: remotePath, opt: { showHash: Boolean(hashType), hashTypes: hashType ? [hashType] : [] } };
}

interface RemoteItem {
  Size?: number;
  Hashes?: Record<string, string>;
}

// Pure: why the uploaded copy is not the local file, or undefined when it is.
export function compareUpload(item: RemoteItem | null, local: { bytes: number; hash?: { type: string; value: string } }): string | undefined {
  if (!item) return 'it is not there after the copy';
  if (item.Size !== local.bytes) return `${item.Size ?? 'no'} bytes there, ${local.bytes} here`;
  if (!local.hash) return undefined;
  const there = item.Hashes?.[local.hash.type];
  if (!there) return undefined; // the backend could not hash this one object: the size has to do
  return there.toLowerCase() === local.hash.value ? undefined : `${local.hash.type} ${there} there, ${local.hash.value} here`;
}

// The file's hex digest.
export async function localHash(file: string, type: VerifyHash): Promise<string> {
  const hash = createHash(type);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// Pure: "cam1/segments/.20240101_120000.mp4.partial-1f2e3d4c" for "cam1/segments/20240101_120000.mp4".
export function partialName(remotePath: string, random = randomBytes(4).toString('hex')): string {
  const dir = path.posix.dirname(remotePath);
  const name = `.${path.posix.basename(remotePath)}.partial-${random}`;
  return dir === '.' ? name : `${dir}/${name}`;
}

// Pure: is this a partial upload's name (left behind by a crash, for the uploader to sweep)?
export function isPartialName(name: string): boolean {
  return /^\..+\.partial-[0-9a-f]{8}$/.test(path.posix.basename(name));
}
