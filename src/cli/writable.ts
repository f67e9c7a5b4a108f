// Whether a folder exists and is writable, or could be created.
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';

// undefined when fine, else a short reason ("cannot be created: /srv is not writable").
export async function checkWritable(dir: string): Promise<string | undefined> {
  let current = dir;
  for (;;) {
    const info = await stat(current).catch(() => undefined);
    if (info) {
      if (!info.isDirectory()) return `cannot be used: ${current} is not a folder`;
      const writable = await access(current, constants.W_OK | constants.X_OK).then(() => true, () => false);
      if (current === dir) return writable ? undefined : 'is not writable';
      return writable ? undefined : `cannot be created: ${current} is not writable`;
    }
    const parent = path.dirname(current);
    if (parent === current) return 'cannot be created';
    current = parent;
  }
}
