// `cams-manager demo`: two simulated cameras on loopback, recorded for about a minute, then merged.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { CamsError, EXIT } from '../errors.js';
import { toolVersion, FFMPEG } from '../ffmpeg/tools.js';
import { simulatorMissing, startSimulator, stopChild, type SimCamera, type SimOptions } from '../sim/camera-sim.js';

const CAMERAS: Array<{ name: string; sim: SimOptions; what: string }> = [
  { name: 'cam1', sim: { width: 1280, height: 720, fps: 15, audio: 'pcma' }, what: 'H.264 1280x720 with G.711 audio' },
  { name: 'cam2', sim: { width: 640, height: 360, fps: 15, audio: 'aac' }, what: 'H.264 640x360 with AAC audio' },
];

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('record two simulated cameras (no camera needed), then merge and show the files')
    .option('--duration <seconds>', 'how long to record', '60')
    .option('--dir <folder>', 'where the recordings go', './demo-recordings')
    .addHelpText('after', '\nExample:\n  cams-manager demo --duration 30 --dir /tmp/demo')
    .action(async (opts: { duration: string; dir: string }) => {
      const seconds = Number(opts.duration);
      if (!Number.isFinite(seconds) || seconds < 5) throw usage('--duration must be a number of seconds, at least 5');
      await runDemo(path.resolve(opts.dir), seconds);
    });
}

async function runDemo(dir: string, seconds: number): Promise<void> {
  await toolVersion(FFMPEG);
  const missing = simulatorMissing();
  if (missing) throw new CamsError(`the camera simulator cannot run: ${missing}`, { code: 'E_SIMULATOR', exitCode: EXIT.UNAVAILABLE, details: ['or run: sudo install/install.sh --demo'] });
  const sims: SimCamera[] = [];
  const recorders: ChildProcess[] = [];
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    say('stopping…');
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    await mkdir(dir, { recursive: true });
    for (const cam of CAMERAS) sims.push(await startSimulator(cam.sim));
    const config = await writeDemoConfig(dir, sims);
    CAMERAS.forEach((cam, i) => say(`${cam.name}: simulated camera ${sims[i]!.url} (${cam.what})`));
    say(`recording for ${seconds} s into ${dir} (Ctrl-C stops early)`);
    for (const cam of CAMERAS) recorders.push(spawnCli(['record', cam.name, '-c', config]));
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end && !interrupted && recorders.every((r) => r.exitCode === null)) await sleep(250);
    await Promise.all(recorders.map((r) => stopChild(r)));
    if (!interrupted) {
      await runStep('merging segments into per-minute files…', ['merge', '--all', '-c', config]);
      await runStep('status (the recorders have stopped, so none is recording):', ['status', '-c', config]);
    }
    await summarise(dir, interrupted ? config : undefined);
  } finally {
    await Promise.all([...recorders, ...sims.map((s) => s.child)].map((c) => stopChild(c)));
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

async function writeDemoConfig(dir: string, sims: SimCamera[]): Promise<string> {
  const lines = ['# Written by `cams-manager demo`: two simulated cameras on 127.0.0.1.', 'cameras:'];
  CAMERAS.forEach((cam, i) => lines.push(`  - name: ${cam.name}`, `    rtsp_url: ${sims[i]!.url}`, `    output_dir: ${cam.name}`));
  lines.push('recording:', '  reconnect_delay: 1', '  merge_delay: 0 # merge everything at the end of the demo');
  const file = path.join(dir, 'config.yaml');
  await writeFile(file, lines.join('\n') + '\n');
  return file;
}

async function runStep(title: string, args: string[]): Promise<void> {
  say(title);
  const child = spawnCli(args);
  await new Promise((resolve) => child.on('exit', resolve));
}

async function summarise(dir: string, unmergedConfig?: string): Promise<void> {
  let example: string | undefined;
  for (const cam of CAMERAS) {
    for (const sub of ['segments', 'merged', 'quarantine']) {
      const files = (await readdir(path.join(dir, cam.name, sub)).catch(() => [])).filter((f) => f.endsWith('.mp4')).sort();
      if (!files.length) continue;
      const newest = path.join(dir, cam.name, sub, files.at(-1)!);
      example ??= newest;
      say(`${cam.name}/${sub}: ${files.length} file(s), the newest ${newest}`);
    }
  }
  if (unmergedConfig) say(`stopped early, before merging; to merge: node ${process.argv[1]} merge --all -c ${unmergedConfig}`);
  if (example) say(`play one with: ffplay ${example}   (or any video player)`);
}

function spawnCli(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [process.argv[1]!, ...args], { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  return child;
}

function say(line: string): void {
  process.stdout.write(`demo: ${line}\n`);
}

function usage(message: string): CamsError {
  return new CamsError(message, { code: 'E_USAGE', exitCode: EXIT.USAGE });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
