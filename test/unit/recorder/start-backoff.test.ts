import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LAST_START_FILE, parseLastStart, planStart, waitBeforeStart, type LastStart } from '../../../src/recorder/start-backoff.js';

const last = (over: Partial<LastStart> = {}): LastStart => ({ version: 1, at: 100_000, delay_ms: null, base_ms: 5000, ...over });

describe('planStart: the wait of a recorder restarted by its unit', () => {
  it('the first start, and one long after the last, do not wait', () => {
    expect(planStart(undefined, 50)).toEqual({ delayMs: 0, next: { version: 1, delay_ms: null, base_ms: 5000 } });
    expect(planStart(last({ delay_ms: 60_000 }), 100_000 + 3_600_000)).toMatchObject({ delayMs: 0, next: { delay_ms: 0 } });
    expect(planStart(last(), 100_000 + 3_600_000).why).toBeUndefined();
  });

  it('starts at most once per reconnect_delay, then doubles while each run dies young, up to a minute, and says why', () => {
    const delays: number[] = [];
    let record = last();
    for (let i = 0; i < 7; i++) {
      const plan = planStart(record, record.at + 2000); // each run dies 2 s after its start
      delays.push(plan.delayMs);
      record = { ...plan.next, at: record.at + 2000 + plan.delayMs }; // written once its wait is over
    }
    expect(delays).toEqual([3000, 6000, 12_000, 24_000, 48_000, 60_000, 60_000]);
    expect(planStart(last({ delay_ms: 3000 }), 102_000).why).toBe('started again 2 s after the last start: waiting 6 s before starting (at most one start per reconnect_delay, doubling to a minute while it keeps dying young)');
  });

  it('uses the reconnect_delay the last start knew', () => {
    expect(planStart(last({ delay_ms: 0, base_ms: 500 }), 101_000).delayMs).toBe(500);
    expect(planStart(last({ base_ms: 20_000 }), 112_000).delayMs).toBe(8000); // a long run, yet 20 s between starts
  });

  it('reads only a record of its own', () => {
    expect(parseLastStart(JSON.stringify(last()))).toEqual(last());
    for (const text of ['', '{', 'null', '{"version":2,"at":1,"delay_ms":null,"base_ms":5000}', '{"version":1,"at":"x","delay_ms":null,"base_ms":5000}', '{"version":1,"at":1,"delay_ms":null,"base_ms":0}']) {
      expect(parseLastStart(text), text).toBeUndefined();
    }
  });
});

describe('waitBeforeStart', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // A clock that stands at `at` and moves only when slept on.
  function fakeClock(at: number) {
    const slept: number[] = [];
    return { slept, now: () => at, sleep: async (ms: number) => slept.push(ms) && (at += ms) };
  }

  it('records each start in the folder, with the reconnect_delay of the config read, and waits after a short run, saying why first', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cams-backoff-'));
    const said: [string, number][] = [];
    const clock = fakeClock(1_000_000);
    const options = { dir, onWait: (why: string, ms: number) => said.push([why, ms]), warn: (t: string) => said.push([`warn: ${t}`, 0]), clock };
    await (await waitBeforeStart(options)).setBase(400);
    expect(JSON.parse(readFileSync(path.join(dir, LAST_START_FILE), 'utf8'))).toEqual({ version: 1, at: 1_000_000, delay_ms: null, base_ms: 400 });
    await clock.sleep(100); // it dies 0.1 s after its start
    clock.slept.length = 0;
    await waitBeforeStart(options);
    expect(clock.slept).toEqual([300]);
    expect(said).toEqual([['started again 0.1 s after the last start: waiting 0.3 s before starting (at most one start per reconnect_delay, doubling to a minute while it keeps dying young)', 300]]);
    expect(JSON.parse(readFileSync(path.join(dir, LAST_START_FILE), 'utf8'))).toEqual({ version: 1, at: 1_000_400, delay_ms: 300, base_ms: 400 });
  });

  it('without a folder (not under the unit) never waits; a record it cannot read is said, one it cannot write too, and the start waits reconnect_delay', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cams-backoff-'));
    const said: string[] = [];
    const clock = fakeClock(5);
    const options = (folder: string | undefined) => ({ dir: folder, onWait: (why: string) => said.push(why), warn: (t: string) => said.push(t), clock });
    await (await waitBeforeStart(options(undefined))).setBase(5000);
    writeFileSync(path.join(dir, LAST_START_FILE), 'garbage');
    await waitBeforeStart(options(dir));
    expect(parseLastStart(readFileSync(path.join(dir, LAST_START_FILE), 'utf8'))).toMatchObject({ at: 5 });
    expect([said, clock.slept]).toEqual([[], []]);
    const notAFolder = path.join(dir, LAST_START_FILE); // a file where the folder should be
    await waitBeforeStart(options(notAFolder));
    expect(said).toEqual([
      `cannot read ${notAFolder}/last-start.json (ENOTDIR)`,
      `cannot write ${notAFolder}/last-start.json (ENOTDIR)`,
      'waiting 5 s before starting, as the next start could not tell when this one was',
    ]);
    expect(clock.slept).toEqual([5000]);
  });
});
