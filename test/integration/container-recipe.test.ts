// The container recipe (install/Dockerfile) as far as it can be tested without Docker: its own
// entrypoint and command line, its user, paths, environment and HEALTHCHECK, run in a chroot
// built from this machine (test/support/recipe-root.sh) against the simulator. The image build
// itself is not tested here (no Docker on these machines); README says so.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, expect, it } from 'vitest';
import { startCamera, stopAllCameras } from '../support/camera.js';
import { ROOT, tempDir } from '../support/cli.js';
import { decodeErrors, mp4Files, waitUntil } from '../support/media.js';
import { descendants } from '../support/processes.js';
import { projectFile } from '../support/project-file.js';
import { integrationDescribe } from '../support/tools.js';

const RECIPE_ROOT = projectFile('test/support/recipe-root.sh');

// Pure: what the test needs of a Dockerfile (its last stage): exec-form JSON arrays and plain words.
export function readRecipe(text: string): { entrypoint: string[]; cmd: string[]; health: string[]; user: string; env: string[]; workdir: string; volumes: string[] } {
  const lines = text.replace(/\\\n\s*/g, ' ').split('\n');
  const last = lines.slice(lines.map((l) => /^FROM\s/.test(l)).lastIndexOf(true));
  const value = (word: string) => last.filter((l) => l.startsWith(`${word} `)).map((l) => l.slice(word.length + 1).trim());
  const json = (text: string | undefined) => JSON.parse(text ?? '[]') as string[];
  return {
    entrypoint: json(value('ENTRYPOINT').at(-1)),
    cmd: json(value('CMD').at(-1)),
    health: json(/\bCMD\s+(\[.*\])/.exec(value('HEALTHCHECK').at(-1) ?? '')?.[1]),
    user: value('USER').at(-1) ?? 'root',
    env: value('ENV').flatMap((e) => e.split(/\s+/)), // NAME=VALUE words, the only form the recipe uses
    workdir: value('WORKDIR').at(-1) ?? '/',
    volumes: value('VOLUME').flatMap((v) => json(v)),
  };
}

const recipe = readRecipe(readFileSync(path.join(ROOT, 'install/Dockerfile'), 'utf8'));
const roots: string[] = [];
const running: ChildProcess[] = [];

afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  await stopAllCameras();
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

// A fresh chroot with the recipe's mounts, running `command` as the recipe's user.
function inRecipe(config: string, recordings: string, command: string[]): ChildProcess {
  const root = tempDir('cams-recipe-');
  roots.push(root);
  return spawn('unshare', ['--mount', '--fork', '--kill-child', 'bash', RECIPE_ROOT, root, ROOT, config, recordings, recipe.user, recipe.workdir, ...recipe.env, ...command], { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function finished(child: ChildProcess): Promise<{ code: number | null; out: string }> {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, out };
}

integrationDescribe('the container recipe (install/Dockerfile)', ['ffmpeg', 'ffprobe', 'camera-sim'], () => {
  it('reads as expected: tini as init, `run` on /config, volumes /config and /recordings, a user that is not root, health as HEALTHCHECK', () => {
    expect(recipe.entrypoint).toEqual(['/usr/bin/tini', '--', 'node', '/opt/cams-manager/dist/bin/cams-manager.js']);
    expect(recipe.cmd).toEqual(['run', '-c', '/config/config.yaml']);
    expect(recipe.health).toEqual(['node', '/opt/cams-manager/dist/bin/cams-manager.js', 'health', '-c', '/config/config.yaml']);
    expect(recipe.volumes).toEqual(['/config', '/recordings']);
    expect(recipe.user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(recipe.workdir).toBe('/opt/cams-manager');
    expect(readFileSync(path.join(ROOT, 'install/Dockerfile'), 'utf8')).toMatch(/^STOPSIGNAL SIGTERM$/m);
  });

  it('its entrypoint and command line record every camera as its user, healthy, and stop on SIGTERM with exit 0', async () => {
    const [uid, gid] = recipe.user.split(':').map(Number) as [number, number];
    const camera = await startCamera({ width: 640, height: 360, fps: 15 });
    const config = tempDir('cams-recipe-config-');
    const recordings = tempDir('cams-recipe-rec-');
    chmodSync(config, 0o755);
    chownSync(recordings, uid, gid);
    writeFileSync(path.join(config, 'config.yaml'), `cameras:\n  - name: door\n    rtsp_url: "${camera.url}"\n    output_dir: /recordings/door\nrecording:\n  segment_duration: 2\n`, { mode: 0o644 });
    roots.push(config, recordings);

    const run = inRecipe(config, recordings, [...recipe.entrypoint, ...recipe.cmd]);
    running.push(run);
    const result = finished(run);
    const health = () => finished(inRecipe(config, recordings, recipe.health));
    let last = '';
    const healthy = await waitUntil(async () => {
      const h = await health();
      last = h.out;
      return h.code === 0 ? h : undefined;
    }, 45_000, 1000);
    expect(healthy?.out.trim(), last).toBe('door: recording');
    const segments = await waitUntil(() => (mp4Files(path.join(recordings, 'door', 'segments')).length > 0 ? mp4Files(path.join(recordings, 'door', 'segments')) : undefined), 20_000);
    // Written by the recipe's user, not root; the recorder runs under tini, as PID 1's child.
    const stat = await execa('stat', ['-c', '%u:%g', segments![0]!]);
    expect(stat.stdout).toBe(recipe.user);
    const pids = descendants(run.pid!);
    const comm = (pid: number) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    expect(pids.map(comm)).toEqual(expect.arrayContaining(['tini', 'node', 'ffmpeg']));
    const tini = pids.find((p) => comm(p) === 'tini')!;
    process.kill(tini, 'SIGTERM'); // what `docker stop` sends, by STOPSIGNAL
    const { code, out } = await result;
    expect(code, out).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    for (const file of mp4Files(path.join(recordings, 'door', 'segments'))) expect(await decodeErrors(file), file).toBe('');
    const after = await health();
    expect(after.code).toBe(3);
    expect(after.out).toMatch(/^door: the recorder stopped \d+ s ago\n$/);
  }, 120_000);
});
