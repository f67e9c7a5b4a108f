// An export stopped at any instant leaves nothing half-written under its name and no litter: a
// SIGINT or SIGTERM removes its temporary file (exit 130 / 143, one line); what a SIGKILL leaves
// is removed by the next export into that folder. The export is caught mid-way by stopping it
// (SIGSTOP) the moment its temporary file appears, so no timing decides what the test sees.
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CliProcess, runCli, tempDir, writeConfig } from '../support/cli.js';
import { stopEverythingAfterEachTest } from '../support/cleanup.js';
import { makeSegments, minuteAgo, segmentStem } from '../support/segments.js';
import { integrationDescribe } from '../support/tools.js';
import { formatInstant } from '../../src/time/local-time.js';

stopEverythingAfterEachTest();

let config: string;
let out: string;
let t0: Date;
const SECONDS = 120; // ~250 MB of footage: the export takes a while to copy it
const typed = (seconds: number) => formatInstant(t0.getTime() + seconds * 1000);

// Starts an export of all the footage into out/NAME, and stops the process (SIGSTOP) as soon as its
// temporary file is there; the export has then written at most its first batch.
async function exportCaughtMidway(name: string): Promise<CliProcess> {
  const exporter = new CliProcess(['export', 'cam1', '-c', config, '--from', typed(0), '--to', typed(SECONDS), '-o', path.join(out, name)]);
  for (const until = Date.now() + 60_000; Date.now() < until; ) {
    if (readdirSync(out).some((n) => n.startsWith(`.${name}.`))) {
      exporter.child.kill('SIGSTOP');
      expect(existsSync(path.join(out, name)), 'the export finished before it could be stopped').toBe(false);
      return exporter;
    }
    if (exporter.child.exitCode !== null) throw new Error(`the export ended (${exporter.child.exitCode}) before its temporary file was seen: ${exporter.lines.join('\n')}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('no temporary file within 60 s');
}

integrationDescribe('an export stopped at any instant', ['ffmpeg', 'ffprobe'], () => {
  beforeAll(async () => {
    const dir = tempDir('cams-interrupt-');
    out = mkdtempSync(path.join(tmpdir(), 'cams-interrupt-out-'));
    config = writeConfig(dir, [{ name: 'cam1', url: 'rtsp://127.0.0.1:8554/none', dir: 'cam1' }]);
    // 10 s of 720p at 16 Mbit/s, its five segments linked under the names of 2 minutes of footage.
    t0 = minuteAgo(30);
    const made = path.join(dir, 'made');
    const names = await makeSegments(made, { start: t0, seconds: 10, size: '1280x720', bitrate: '16M' });
    const segments = path.join(dir, 'cam1', 'segments');
    mkdirSync(segments, { recursive: true });
    for (let i = 0; i < SECONDS / 2; i++) linkSync(path.join(made, names[i % names.length]!), path.join(segments, `${segmentStem(new Date(t0.getTime() + i * 2000))}.mp4`));
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('killed with SIGKILL, leaves no file under its name; the next export into the folder removes its temporary file', async () => {
    const killed = await exportCaughtMidway('killed.mp4');
    killed.child.kill('SIGKILL');
    await killed.exited;
    const [left] = readdirSync(out).filter((n) => n.startsWith('.killed.mp4.'));
    expect(left).toMatch(new RegExp(`^\\.killed\\.mp4\\.${killed.child.pid}\\.\\d+\\.[0-9a-f]{8}\\.tmp$`));
    expect(existsSync(path.join(out, 'killed.mp4'))).toBe(false);

    const next = await runCli(['export', 'cam1', '-c', config, '--from', typed(0), '--to', typed(4), '-o', path.join(out, 'next.mp4')]);
    expect(next.exitCode, next.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['next.mp4']);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('stopped by %s mid-way, removes its temporary file, writes nothing under its name and exits %i with one line', async (signal, code) => {
    rmSync(path.join(out, 'next.mp4'), { force: true });
    const stopped = await exportCaughtMidway('stopped.mp4');
    stopped.child.kill(signal);
    stopped.child.kill('SIGCONT');
    expect(await stopped.exited).toEqual({ code, signal: null });
    expect(stopped.lines).toEqual([`cams-manager: export stopped by ${signal}: the file being written is removed, nothing is left half-written`]);
    expect(readdirSync(out)).toEqual([]);
  });
});
