import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/logger.js';
import { RecorderEvents, type RecorderEvent } from '../../../src/recorder/events.js';
import { SYNC_POLL_MS, TimeKeeper } from '../../../src/recorder/time-keeper.js';

// A machine's clocks moved by hand: `wall` can be stepped, `mono` only runs forward.
function fakeClock() {
  const c = { wall: Date.UTC(2026, 10, 24, 12, 0, 0), mono: 1_000_000 };
  return {
    c,
    clock: { wallMs: () => c.wall, monoMs: () => c.mono },
    pass: (ms: number) => {
      c.wall += ms;
      c.mono += ms;
    },
  };
}

function setup(options: { synchronised?: () => Promise<boolean | undefined>; waitMs?: number } = {}) {
  const { c, clock, pass } = fakeClock();
  const lines: string[] = [];
  const events: RecorderEvent[] = [];
  const recorderEvents = new RecorderEvents();
  recorderEvents.on((e) => events.push(e));
  let releases = 0;
  const steps: Array<[number, number]> = [];
  const keeper = new TimeKeeper({
    clock,
    log: createLogger({ journal: true, write: (l) => lines.push(l) }),
    events: recorderEvents,
    onStep: (seconds, at) => steps.push([seconds, at]),
    onRelease: () => releases++,
    ...options,
  });
  // One second of time, then the recorder's tick, then whatever a poll's answer sets off.
  const second = async () => {
    pass(1000);
    keeper.tick();
    await settle();
  };
  return { c, keeper, lines, events, steps, second, releases: () => releases };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const stepLines = (lines: string[]) => lines.filter((l) => l.includes('the clock stepped by'));

describe('TimeKeeper: steps of the wall clock', () => {
  it('logs a step of +3600 s and one of -30 s once each, tells them, and starts a new run of footage at each', async () => {
    const t = setup({ synchronised: async () => true });
    await t.keeper.start();
    await t.second();
    expect(t.keeper.runId('run')).toBe('run.0');
    t.c.wall += 3_600_000;
    await t.second();
    await t.second();
    expect(t.keeper.runId('run')).toBe('run.1');
    t.c.wall -= 30_000;
    await t.second();
    await t.second();
    expect(t.keeper.runId('run')).toBe('run.2');
    const lines = stepLines(t.lines);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^<4>the clock stepped by \+3600\.0 s: it now says 2026-11-24 \d\d:00:02 [+-]\d{4}; footage from here on is named by it, and is never joined with footage from before the step$/);
    expect(lines[1]).toMatch(/^<4>the clock stepped by -30\.0 s: /);
    const told = t.events.filter((e) => e.type === 'clock-step');
    expect(told).toEqual([
      { type: 'clock-step', seconds: 3600, at: Date.UTC(2026, 10, 24, 13, 0, 2) },
      { type: 'clock-step', seconds: -30, at: Date.UTC(2026, 10, 24, 13, 0, 4) - 30_000 },
    ]);
    expect(t.steps).toEqual(told.map((e) => [e.seconds, e.at]));
  });

  it('takes a change under 500 ms for no step, and names by the clock in force', async () => {
    const t = setup({ synchronised: async () => true });
    await t.keeper.start();
    t.c.wall += 499;
    await t.second();
    t.c.wall -= 450;
    await t.second();
    expect(stepLines(t.lines)).toEqual([]);
    expect(t.events.some((e) => e.type === 'clock-step')).toBe(false);
    expect(t.keeper.runId('run')).toBe('run.0');
    expect(t.keeper.wallAt(t.c.mono - 1500)).toBe(t.c.wall - 1500);
  });

  it('names a monotonic instant by the clock after a step', async () => {
    const t = setup({ synchronised: async () => true });
    await t.keeper.start();
    const recordedAt = t.c.mono;
    t.c.wall += 3_600_000;
    await t.second();
    expect(t.keeper.wallAt(recordedAt)).toBe(t.c.wall - 1000);
  });
});

describe('TimeKeeper: a clock not yet synchronised', () => {
  it('holds footage back until the clock is synchronised, then releases it once', async () => {
    let synced = false;
    const t = setup({ synchronised: async () => synced });
    await t.keeper.start();
    expect(t.keeper.holding()).toBe(true);
    expect(t.lines).toEqual(['<6>the clock is not synchronised yet: recording, and naming the footage once it is (waiting at most 5 min)']);
    for (let s = 0; s < 12; s++) await t.second();
    expect(t.keeper.holding()).toBe(true);
    expect(t.releases()).toBe(0);
    synced = true;
    for (let s = 0; s < SYNC_POLL_MS / 1000; s++) await t.second();
    expect(t.keeper.holding()).toBe(false);
    expect(t.releases()).toBe(1);
    expect(t.lines.at(-1)).toBe('<6>the clock is synchronised now: naming the footage kept back by its true times');
    for (let s = 0; s < 30; s++) await t.second();
    expect(t.releases()).toBe(1);
    expect(t.events.filter((e) => e.type === 'clock').map((e) => e.type === 'clock' && e.synchronised)).toEqual([false, true]);
  });

  it('asks again at once when the clock steps while it waits, and logs that step as info', async () => {
    let synced = false;
    const t = setup({ synchronised: async () => synced });
    await t.keeper.start();
    await t.second();
    synced = true;
    t.c.wall += 3_600_000;
    await t.second();
    expect(t.releases()).toBe(1);
    expect(stepLines(t.lines)).toEqual([expect.stringMatching(/^<6>the clock stepped by \+3600\.0 s/)]);
  });

  it('keeps waiting when it cannot get an answer while it waits (timedatectl timed out), rather than taking that for synchronised', async () => {
    const answers: Array<boolean | undefined> = [false, undefined, undefined, true];
    const t = setup({ synchronised: async () => (answers.length > 1 ? answers.shift() : answers[0]) });
    await t.keeper.start();
    for (let s = 0; s < 2 * SYNC_POLL_MS / 1000; s++) await t.second();
    expect(t.keeper.holding()).toBe(true);
    expect(t.releases()).toBe(0);
    expect(t.lines.some((l) => l.includes('synchronised now'))).toBe(false);
    for (let s = 0; s < SYNC_POLL_MS / 1000; s++) await t.second();
    expect(t.keeper.holding()).toBe(false);
    expect(t.releases()).toBe(1);
    expect(t.lines.at(-1)).toBe('<6>the clock is synchronised now: naming the footage kept back by its true times');
  });

  it('gives up after waitMs with one warning and names the footage by the clock as it is', async () => {
    const t = setup({ synchronised: async () => false, waitMs: 60_000 });
    await t.keeper.start();
    for (let s = 0; s < 59; s++) await t.second();
    expect(t.keeper.holding()).toBe(true);
    expect(t.releases()).toBe(0);
    for (let s = 0; s < 120; s++) await t.second();
    expect(t.keeper.holding()).toBe(false);
    expect(t.releases()).toBe(1);
    const warnings = t.lines.filter((l) => l.startsWith('<4>'));
    expect(warnings).toEqual(["<4>the clock is still not synchronised after 1 min (no NTP server reachable?): footage is named by this machine's clock as it is, which may be wrong"]);
  });

  it('does not hold footage when it cannot tell whether the clock is synchronised', async () => {
    for (const synchronised of [undefined, async () => undefined, async () => Promise.reject(new Error('no timedatectl'))]) {
      const t = setup({ synchronised });
      await t.keeper.start();
      expect(t.keeper.holding()).toBe(false);
      await t.second();
      expect(t.releases()).toBe(0);
      expect(t.events.find((e) => e.type === 'clock')).toMatchObject({ synchronised: null });
    }
  });

  it('does not hold footage when the clock is synchronised from the start', async () => {
    const t = setup({ synchronised: async () => true });
    await t.keeper.start();
    expect(t.keeper.holding()).toBe(false);
    expect(t.lines).toEqual([]);
  });
});
