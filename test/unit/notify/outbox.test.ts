import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/log/logger.js';
import { Outbox } from '../../../src/notify/outbox.js';
import type { TelegramAnswer } from '../../../src/notify/telegram.js';

const log = createLogger({ write: () => undefined });
const OK: TelegramAnswer = { ok: true, status: 200, description: 'OK' };
const DOWN: TelegramAnswer = { ok: false, status: 500, description: 'Internal Server Error' };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('outbox', () => {
  it('retries with a growing delay in the background and delivers in order once the API is back', async () => {
    const calls: Array<{ t: number; text: string }> = [];
    let up = false;
    const outbox = new Outbox({ log, send: async (text) => (calls.push({ t: Date.now(), text }), up ? OK : DOWN) });
    const t0 = Date.now();
    outbox.push('one');
    outbox.push('two');
    await vi.advanceTimersByTimeAsync(15_000);
    expect(calls.map((c) => c.t - t0)).toEqual([0, 1000, 3000, 7000, 15000]);
    up = true;
    await vi.advanceTimersByTimeAsync(16_000);
    expect(calls.slice(-2).map((c) => c.text)).toEqual(['one', 'two']);
    expect(outbox.pending).toBe(0);
  });

  it('drops a message the API refuses for good (a bad token) and goes on', async () => {
    const sent: string[] = [];
    const outbox = new Outbox({ log, send: async (text) => (sent.push(text), text === 'bad' ? { ok: false, status: 401, description: 'Unauthorized' } : OK) });
    outbox.push('bad');
    outbox.push('good');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['bad', 'good']);
    expect(outbox.pending).toBe(0);
  });

  it('drain gives up after its time limit', async () => {
    const outbox = new Outbox({ log, send: async () => DOWN });
    outbox.push('x');
    const drained = outbox.drain(3000);
    await vi.advanceTimersByTimeAsync(3000);
    await drained;
    expect(outbox.pending).toBe(1);
  });
});
