import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openOffsiteState, readOffsiteState, stateLogPath } from '../../../src/offsite/state.js';
import { COMPACT_SLACK, parseStateLog, snapshotText, type OffsiteEvent } from '../../../src/offsite/state-events.js';
import { tempDir } from '../../support/cli.js';

const put = (i: number): OffsiteEvent => ({ op: 'put', path: `door/segments/${i}.mp4`, size: i, start: i * 2000, end: i * 2000 + 2000, at: i });
const gone = (i: number): OffsiteEvent => ({ op: 'gone', path: `door/segments/${i}.mp4`, at: i });
const intent = (i: number): OffsiteEvent => ({ op: 'intent', path: `door/segments/${i}.mp4`, temp: `door/segments/.${i}.partial`, local: `/rec/door/segments/${i}.mp4`, size: i, start: i * 2000, end: i * 2000 + 2000, since: i });
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;

describe('the off-site state', () => {
  it('keeps confirmed uploads, pending intents and deletes across a reopen', async () => {
    const dir = tempDir();
    const log = await openOffsiteState(dir);
    for (const event of [intent(1), put(1), intent(2), put(3), gone(3), intent(4), { op: 'cancel', path: 'door/segments/4.mp4' } as const]) await log.record(event);
    await log.close();
    const state = await readOffsiteState(dir);
    expect([...state.entries.keys()]).toEqual(['door/segments/1.mp4']);
    expect([...state.pending.keys()]).toEqual(['door/segments/2.mp4']);
    expect(state.pending.get('door/segments/2.mp4')).toMatchObject({ temp: 'door/segments/.2.partial', size: 2 });
  });

  it('drops a last line cut by a crash and appends the next event on a line of its own', async () => {
    const dir = tempDir();
    const log = await openOffsiteState(dir);
    await log.record(put(1));
    await log.close();
    appendFileSync(stateLogPath(dir), JSON.stringify(put(2)).slice(0, 30));
    expect(parseStateLog(readFileSync(stateLogPath(dir), 'utf8'))).toMatchObject({ torn: true });
    const reopened = await openOffsiteState(dir);
    expect([...reopened.state.entries.keys()]).toEqual(['door/segments/1.mp4']);
    await reopened.record(put(3));
    await reopened.close();
    expect([...(await readOffsiteState(dir)).entries.keys()]).toEqual(['door/segments/1.mp4', 'door/segments/3.mp4']);
  });

  it('skips a line that is not an event, and reads no file as an empty state', async () => {
    const dir = tempDir();
    expect((await readOffsiteState(dir)).entries.size).toBe(0);
    const log = await openOffsiteState(dir);
    await log.close();
    writeFileSync(stateLogPath(dir), `${JSON.stringify(put(1))}\n{"op":"put","path":"x"}\nnot json\n${JSON.stringify(put(2))}\n`);
    expect((await readOffsiteState(dir)).entries.size).toBe(2);
  });

  it('stays within twice the size of what it records (and some slack): 3 000 uploads and deletes of 20 live files', async () => {
    const dir = tempDir();
    const log = await openOffsiteState(dir);
    let most = 0;
    for (let i = 0; i < 1500; i++) {
      await log.record(put(i));
      if (i >= 20) await log.record(gone(i - 20));
      if (i % 10 === 0) most = Math.max(most, lines(stateLogPath(dir)));
    }
    expect(most).toBeGreaterThan(2 * 20);
    expect(most).toBeLessThanOrEqual(2 * 20 + COMPACT_SLACK + 2);
    await log.close();
    const state = await readOffsiteState(dir);
    expect(state.entries.size).toBe(20);
    expect([...state.entries.keys()].at(0)).toBe('door/segments/1480.mp4');
    expect(snapshotText(state)).toBe(snapshotText(log.state));
  }, 20_000);
});
