// Small disks for the full-disk tests: a tmpfs of a given size, and a 720p camera recorded onto one.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { startCamera } from './camera.js';
import { CliProcess, tempDir, writeConfig } from './cli.js';

const mounts: string[] = [];

function unmountAll(): void {
  for (const dir of mounts.splice(0)) execFileSync('umount', ['--lazy', dir]);
}

// Registers the unmounting of every small disk after each test and after the file.
export function unmountSmallDisksAfterEachTest(): void {
  afterEach(unmountAll);
  afterAll(unmountAll);
}

// A tmpfs of `size` mounted on a fresh folder (unmounted by unmountSmallDisksAfterEachTest).
export function smallDisk(size: string): string {
  const dir = tempDir('cams-disk-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

export function freeBytes(dir: string): number {
  const fs = statfsSync(dir);
  return fs.bavail * fs.bsize;
}

// A 720p simulated camera recorded onto a fresh tmpfs of `size` with retention.min_free `minFree`;
// resolves once the recorder records.
export async function recordOnSmallDisk(size: string, recording: Record<string, number>, minFree: string) {
  const camera = await startCamera({ width: 1280, height: 720, fps: 15 });
  const disk = smallDisk(size);
  const config = writeConfig(tempDir(), [{ name: 'cam1', url: camera.url, dir: path.join(disk, 'cam1') }], recording);
  appendFileSync(config, `retention:\n  min_free: ${minFree}\n`);
  const recorder = new CliProcess(['record', 'cam1', '-c', config]);
  await recorder.waitFor(/: recording$/);
  return { disk, config, recorder };
}

// The names in a folder ([] when it does not exist).
export const namesIn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);
