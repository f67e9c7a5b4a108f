// The host's cgroup folders, to check that a systemd sandbox leaves none behind.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Every folder called name in any cgroup hierarchy mounted here (v1, v2 or both).
export function findCgroups(name: string): string[] {
  return cgroupMounts().flatMap((mount) => cgroupTree(mount).filter((dir) => path.basename(dir) === name));
}

// The cgroup folders among paths that still exist.
export function existingCgroups(paths: readonly string[]): string[] {
  return paths.filter((dir) => existsSync(dir));
}

// A cgroup folder and all its descendants, parents first.
export function cgroupTree(dir: string): string[] {
  let children: string[];
  try {
    children = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name));
  } catch {
    return []; // gone meanwhile
  }
  return [dir, ...children.flatMap(cgroupTree)];
}

// Mount points of cgroup and cgroup2 filesystems (/proc/self/mountinfo: field 5, type after " - ").
function cgroupMounts(): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((line) => /^cgroup2? /.test(line.split(' - ')[1] ?? ''))
    .map((line) => line.split(' ')[4]!.replace(/\\040/g, ' '));
}
