import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTemporaries, temporaryName } from '../../../src/mp4/temporary-file.js';
import { tempDir } from '../../support/cli.js';

// This process's start time, as /proc says it (field 22 of /proc/self/stat).
const ownStart = () => {
  const stat = readFileSync('/proc/self/stat', 'latin1');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
};

describe('temporary files of exports', () => {
  it("are named after the output, this process's pid and start time, and are told apart by a random part", () => {
    const name = temporaryName('/out/cam1_x.mp4');
    expect(path.dirname(name)).toBe('/out');
    expect(path.basename(name)).toMatch(new RegExp(`^\\.cam1_x\\.mp4\\.${process.pid}\\.${ownStart()}\\.[0-9a-f]{8}\\.tmp$`));
    expect(temporaryName('/out/cam1_x.mp4')).not.toBe(name);
  });

  it('are removed when their process is gone or their pid now belongs to a process started at another time, and kept while their writer lives', async () => {
    const dir = tempDir();
    const gone = spawnSync(process.execPath, ['-e', '']).pid!; // has exited
    const names = {
      dead: `.a.mp4.${gone}.12345.0123abcd.tmp`,
      reused: `.b.mp4.${process.pid}.${Number(ownStart()) - 1}.0123abcd.tmp`, // this pid, another start
      live: path.basename(temporaryName(path.join(dir, 'c.mp4'))),
      older: '.d.mp4.0123abcd.tmp', // an older version's name says no owner: left alone
      other: 'e.mp4',
      merge: '.f.mp4.partial',
    };
    for (const name of Object.values(names)) writeFileSync(path.join(dir, name), 'x');
    expect((await removeStaleTemporaries(dir)).sort()).toEqual([names.dead, names.reused].sort());
    expect(readdirSync(dir).sort()).toEqual([names.live, names.older, names.other, names.merge].sort());
  });

  it('are not looked for in a folder that does not exist', async () => {
    expect(await removeStaleTemporaries(path.join(tempDir(), 'none'))).toEqual([]);
  });
});
