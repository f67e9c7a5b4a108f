import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CliProcess, stopAllCli, tempDir } from '../support/cli.js';
import { decodeErrors, mp4Files, sleep } from '../support/media.js';
import { integrationDescribe } from '../support/tools.js';

// The processes whose command line mentions the demo's folder or its cameras' ports.
function leftovers(dir: string, lines: string[]): string[] {
  const ports = lines.flatMap((l) => /127\.0\.0\.1:(\d+)\/cam/.exec(l)?.[1] ?? []);
  const patterns = [dir, ...ports.map((p) => `--port ${p}`)];
  return patterns.flatMap((pattern) => {
    try {
      return execFileSync('pgrep', ['-af', '--', pattern], { encoding: 'utf8' }).trim().split('\n').filter((l) => l && !l.includes('pgrep'));
    } catch {
      return []; // pgrep exits 1 when nothing matches
    }
  });
}

integrationDescribe('cams-manager demo', ['ffmpeg', 'ffprobe', 'camera-sim'], () => {
  it('records two simulated cameras, merges them into files that decode, shows status, and leaves no process behind', async () => {
    const dir = path.join(tempDir(), 'demo-recordings');
    const demo = new CliProcess(['demo', '--duration', '12', '--dir', dir]);
    const result = await demo.exited;
    expect(result.code).toBe(0);
    const output = demo.lines.join('\n');
    expect(output).toMatch(/CAMERA\s+UNIT\s+RECORDER/);
    for (const cam of ['cam1', 'cam2']) {
      const merged = mp4Files(path.join(dir, cam, 'merged'));
      expect(merged.length, `${cam} merged files`).toBeGreaterThanOrEqual(1);
      for (const file of merged) expect(await decodeErrors(file), file).toBe('');
    }
    expect(leftovers(dir, demo.lines)).toEqual([]);
    await stopAllCli();
  });

  it('Ctrl-C in the middle stops everything it started and leaves no broken file', async () => {
    const dir = path.join(tempDir(), 'demo-recordings');
    const demo = new CliProcess(['demo', '--duration', '60', '--dir', dir]);
    await demo.waitFor(/cam2: recording$/, 30_000);
    await sleep(5000);
    demo.signal('SIGINT');
    const result = await demo.exited;
    expect(result.code).toBe(0);
    expect(leftovers(dir, demo.lines)).toEqual([]);
    for (const cam of ['cam1', 'cam2']) {
      const files = mp4Files(path.join(dir, cam, 'segments'));
      expect(files.length).toBeGreaterThanOrEqual(2);
      for (const file of files) expect(await decodeErrors(file), file).toBe('');
    }
  });
});
