import { appendFileSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { followOffsiteState } from '../../../src/offsite/state-follow.js';
import { openOffsiteState, stateLogPath } from '../../../src/offsite/state.js';
import { snapshotText, parseStateLog, type OffsiteEvent } from '../../../src/offsite/state-events.js';
import { tempDir } from '../../support/cli.js';

const put = (i: number): OffsiteEvent => ({ op: 'put', path: `door/segments/${i}.mp4`, size: i, start: i * 2000, end: i * 2000 + 2000, at: i });
const line = (event: OffsiteEvent) => JSON.stringify(event) + '\n';

describe('following the off-site state read-only', () => {
  it('reads what the uploader appended since the last look, and leaves a line still being written for the next', async () => {
    const dir = tempDir();
    const log = await openOffsiteState(dir);
    await log.record(put(1));
    expect([...(await followOffsiteState(dir)).entries.keys()]).toEqual(['door/segments/1.mp4']);
    await log.record(put(2));
    await log.close();
    appendFileSync(stateLogPath(dir), line(put(3)).slice(0, 20));
    expect([...(await followOffsiteState(dir)).entries.keys()]).toEqual(['door/segments/1.mp4', 'door/segments/2.mp4']);
    appendFileSync(stateLogPath(dir), line(put(3)).slice(20));
    expect((await followOffsiteState(dir)).entries.size).toBe(3);
  });

  it('reads a rewritten log (a new file under the name) whole again, and an absent one as empty', async () => {
    const dir = tempDir();
    const log = await openOffsiteState(dir);
    for (const i of [1, 2, 3]) await log.record(put(i));
    await log.close();
    expect((await followOffsiteState(dir)).entries.size).toBe(3);
    const rewritten = parseStateLog(line(put(7)));
    writeFileSync(`${stateLogPath(dir)}.tmp`, snapshotText(rewritten));
    renameSync(`${stateLogPath(dir)}.tmp`, stateLogPath(dir));
    expect([...(await followOffsiteState(dir)).entries.keys()]).toEqual(['door/segments/7.mp4']);
    expect((await followOffsiteState(tempDir())).entries.size).toBe(0);
  });

  it('never writes: the log, its folder and a missing state stay as they were', async () => {
    const dir = tempDir();
    const log = await openOffsiteState(dir);
    await log.record(put(1));
    await log.close();
    appendFileSync(stateLogPath(dir), line(put(2)).slice(0, 10)); // torn: openOffsiteState would rewrite it
    const before = { text: readFileSync(stateLogPath(dir), 'utf8'), mtime: statSync(stateLogPath(dir)).mtimeMs };
    await followOffsiteState(dir);
    expect({ text: readFileSync(stateLogPath(dir), 'utf8'), mtime: statSync(stateLogPath(dir)).mtimeMs }).toEqual(before);
    const empty = tempDir();
    await followOffsiteState(empty);
    expect(existsSync(`${empty}/.offsite`)).toBe(false);
  });
});
