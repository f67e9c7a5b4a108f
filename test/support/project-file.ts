// A file of the project found from a support module's folder up: these modules run from
// test/support/ under vitest, and from dist/bench/test/support/ in a compiled bench (bench/soak.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';

export function projectFile(relative: string, from = import.meta.dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, relative))) return path.join(dir, relative);
    if (path.dirname(dir) === dir) throw new Error(`${relative} not found above ${from}`);
  }
}
