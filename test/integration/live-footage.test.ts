// Footage still being recorded, through `footage` and `export`: the real recorder writes 30-second
// segments from the camera simulator, so one is always in progress in staging; the catalogue shows
// it up to its last complete fragment (1 s: a keyframe a second), timed as it will be once admitted.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { startCamera } from '../support/camera.js';
import { CliProcess, runCli, tempDir, writeConfig } from '../support/cli.js';
import { stopEverythingAfterEachTest } from '../support/cleanup.js';
import { decodeErrors, probeFile, sleep } from '../support/media.js';
import { integrationDescribe } from '../support/tools.js';
import type { FootageDocument } from '../../src/footage/report.js';

stopEverythingAfterEachTest();

const SEGMENT_SECONDS = 30;

// Waits until the wall clock is `from`..`to` seconds into a 30-second segment (segment_atclocktime).
async function waitForPhase(from: number, to: number): Promise<void> {
  for (;;) {
    const phase = (Date.now() / 1000) % SEGMENT_SECONDS;
    if (phase >= from && phase < to) return;
    await sleep(((from - phase + SEGMENT_SECONDS) % SEGMENT_SECONDS) * 1000 + 50);
  }
}

async function footage(config: string): Promise<{ doc: FootageDocument; now: number }> {
  const r = await runCli(['footage', 'cam1', '-c', config, '--from', '-5m', '--json']);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return { doc: JSON.parse(r.stdout) as FootageDocument, now: Date.parse(JSON.parse(r.stdout).to as string) };
}

// Files of a run never overlap (footage counted once), and follow each other without a hole.
function expectContiguous(doc: FootageDocument): void {
  for (const run of doc.runs) {
    const files = run.files.map((f) => [Date.parse(f.start), Date.parse(f.end)] as const);
    for (let i = 1; i < files.length; i++) expect(Math.abs(files[i]![0] - files[i - 1]![1])).toBeLessThan(150);
  }
}

integrationDescribe('footage still being recorded', ['ffmpeg', 'ffprobe', 'camera-sim'], () => {
  it('is in `footage` up to within 2.5 s of now, in `status` as footage of 3 s ago at most, and in an export of the last 10 s, which decodes and ends at its last complete fragment; counted once while its segment is admitted, and timed as it is once admitted', async () => {
    const camera = await startCamera({ fps: 15, gop: 15 });
    const dir = tempDir('cams-live-');
    const config = writeConfig(dir, [{ name: 'cam1', url: camera.url }], { segment_duration: SEGMENT_SECONDS });
    const recorder = new CliProcess(['record', 'cam1', '-c', config, '-v']);
    await recorder.waitFor(/: recording$/);
    await sleep(15_000); // footage from well before the last 10 s
    await waitForPhase(12, 25); // the segment in progress holds 12 s or more

    const { doc, now } = await footage(config);
    const last = doc.runs.at(-1)!;
    expect(last.files.at(-1)!.kind).toBe('recording');
    expect(last.files.at(-1)!.path).toContain(`${path.sep}.staging${path.sep}`);
    expect(now - Date.parse(last.end)).toBeLessThan(2500);
    expect(doc.untimed).toBeUndefined();
    const runDir = path.dirname(last.files.at(-1)!.path);
    expect(JSON.parse(readFileSync(path.join(runDir, '.anchor.json'), 'utf8'))).toMatchObject({ next: expect.any(Number), closed: {} });

    // status asks the catalogue for the newest footage: the segment in progress, not the last one closed.
    const status = await runCli(['status', '--json', '-c', config]);
    expect(status.exitCode).toBe(0);
    expect((JSON.parse(status.stdout) as { cameras: Array<{ last_segment_age_s: number }> }).cameras[0]!.last_segment_age_s).toBeLessThanOrEqual(3);

    // The export of the last 10 s holds every complete fragment `footage` saw just before it.
    const { doc: before } = await footage(config);
    const seenEnd = Date.parse(before.runs.at(-1)!.end);
    const from = Math.floor(Date.parse(before.to) / 1000) * 1000 - 10_000;
    const output = path.join(dir, 'last-10s.mp4');
    const exported = await runCli(['export', 'cam1', '-c', config, '--from', new Date(from).toISOString().replace('.000Z', 'Z'), '--to', 'now', '-o', output]);
    expect(exported.stderr).toMatch(/^exported 1 file/);
    expect(exported.exitCode).toBe(0);
    expect(await decodeErrors(output)).toBe('');
    const { duration } = await probeFile(output);
    expect(from + duration * 1000).toBeGreaterThanOrEqual(seenEnd - 100); // it starts at --from and ends at the newest fragment
    expect(from + duration * 1000).toBeLessThanOrEqual(Date.now());

    // Across the admission of the segment (at :00 or :30): every answer has all the footage, once.
    await waitForPhase(28, 29);
    const { doc: beforeAdmission } = await footage(config);
    const recording = beforeAdmission.runs.at(-1)!.files.at(-1)!;
    expect(recording.kind).toBe('recording');
    let admitted: { start: string; kind: string } | undefined;
    for (const end = Date.now() + 5000; Date.now() < end; ) {
      const { doc: seen, now: at } = await footage(config);
      admitted ??= seen.runs.flatMap((r) => r.files).find((f) => f.kind === 'segment' && Math.abs(Date.parse(f.start) - Date.parse(recording.start)) < 1000);
      expectContiguous(seen);
      expect(seen.runs).toHaveLength(1);
      expect(at - Date.parse(seen.runs[0]!.end)).toBeLessThan(3000);
      expect(Date.parse(seen.runs[0]!.end) - Date.parse(seen.runs[0]!.start)).toBeCloseTo(seen.covered_seconds * 1000, -2);
    }
    // Timed in staging as it is once admitted (the recorder's exact segment time), to a few ms.
    expect(admitted, 'the segment in progress was admitted at the boundary').toBeDefined();
    expect(Math.abs(Date.parse(admitted!.start) - Date.parse(recording.start))).toBeLessThan(20);
    console.log(`live footage: ends ${now - Date.parse(last.end)} ms before now; the export ends ${Math.round(from + duration * 1000 - seenEnd)} ms after what footage saw; timed ${Date.parse(admitted!.start) - Date.parse(recording.start)} ms apart in staging and once admitted`);
    const stopped = await recorder.stop();
    expect(stopped.code).toBe(0);
    expect(readdirSync(path.join(dir, 'cam1', '.staging'))).toEqual([]);
    expect(existsSync(path.join(dir, 'cam1', 'quarantine')) ? readdirSync(path.join(dir, 'cam1', 'quarantine')) : []).toEqual([]);
  });
});
