// Finds a program the way a shell does, so a missing one is named before it is spawned.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

// The program's path: `name` itself when it holds a "/", else the first executable on PATH.
export function findOnPath(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  const candidates = name.includes('/') ? [name] : searchPath.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name));
  return candidates.find(isExecutableFile);
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
