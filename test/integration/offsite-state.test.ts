// The off-site state survives a SIGKILL at any instant: a writer (the built module, in its own
// process) records events as fast as it can, compacting the log as it grows, and is killed at 10
// instants, half of them while it rewrites the log (as soon as its temporary file appears); each
// time the state read back is exactly the one after the last acknowledged event or the one after it
// (written, not yet acknowledged), never a mix; the next writer goes on, and opening the state
// removes the temporary files the kills left.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, watch } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openOffsiteState, readOffsiteState } from '../../src/offsite/state.js';
import { applyEvent, emptyState, snapshotText, type OffsiteEvent, type OffsiteState } from '../../src/offsite/state-events.js';
import { tempDir } from '../support/cli.js';

const STATE_MODULE = path.resolve(import.meta.dirname, '../../dist/offsite/state.js');

// The i-th event of the writer: an intent, its confirmation, then the delete of an older file.
function eventAt(i: number): OffsiteEvent {
  const j = Math.floor(i / 3);
  const file = (k: number) => `door/segments/${String(k).padStart(8, '0')}.mp4`;
  const span = { size: 1000 + j, start: j * 2000, end: j * 2000 + 2000 };
  if (i % 3 === 0) return { op: 'intent', path: file(j), temp: `${file(j)}.partial`, local: `/rec/${file(j)}`, ...span, since: j };
  if (i % 3 === 1) return { op: 'put', path: file(j), ...span, at: j };
  return { op: 'gone', path: file(j - 300), at: j };
}

// Writes events from `first` on, printing the index of each once record() has returned.
const WRITER = `
const { openOffsiteState } = await import(process.argv[1]);
const eventAt = ${eventAt.toString()};
const log = await openOffsiteState(process.argv[2]);
for (let i = Number(process.argv[3]); ; i++) {
  await log.record(eventAt(i));
  process.stdout.write(i + '\\n');
}`;

// Runs a writer from event `first` and kills it `afterMs` after its first event, or (afterMs
// undefined) the moment it starts rewriting the log. Returns the last event it acknowledged.
async function runAndKill(dir: string, first: number, afterMs: number | undefined): Promise<number> {
  const folder = path.join(dir, '.offsite');
  const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER, STATE_MODULE, dir, String(first)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  if (afterMs === undefined) {
    const watcher = watch(folder);
    await new Promise<void>((resolve) => watcher.on('change', (_type, name) => String(name).endsWith('.tmp') && resolve()));
    child.kill('SIGKILL');
    watcher.close();
  } else {
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    child.kill('SIGKILL');
  }
  await new Promise((resolve) => child.once('close', resolve));
  const acked = out.trim().split('\n').map(Number);
  return acked.at(-1)!;
}

describe('the off-site state under SIGKILL', () => {
  it('is the state after the last acknowledged event (or the one after it) at each of 10 kills, and the next writer goes on from it', async () => {
    const dir = tempDir('cams-offsite-kill-');
    const replayed: OffsiteState = emptyState();
    let next = 0;
    let leftovers = 0; // kills that left the rewrite's temporary file: the kill came before its rename
    for (let kill = 0; kill < 10; kill++) {
      const acked = await runAndKill(dir, next, kill % 2 === 0 ? 30 + ((kill * 37) % 250) : undefined);
      if (existsSync(path.join(dir, '.offsite')) && readdirSync(path.join(dir, '.offsite')).some((n) => n.endsWith('.tmp'))) leftovers++;
      expect(acked).toBeGreaterThanOrEqual(next);
      while (next <= acked) applyEvent(replayed, eventAt(next++));
      const read = snapshotText(await readOffsiteState(dir));
      if (read !== snapshotText(replayed)) {
        applyEvent(replayed, eventAt(next++)); // written and synced, killed before it was acknowledged
        expect(read).toBe(snapshotText(replayed));
      }
    }
    expect(next).toBeGreaterThan(10 * 3);
    expect(leftovers).toBeGreaterThan(0);
    await (await openOffsiteState(dir)).close();
    expect(readdirSync(path.join(dir, '.offsite'))).toEqual(['state.jsonl']);
  }, 60_000);
});
