// bench/soak (not a test: it runs for an hour): N simulated 1080p cameras recorded under the real
// units in the systemd sandbox (cams-record@, cams-merge.timer, cams-clean.timer), with faults on a
// schedule, one at each sixth of the run:
//   cam2's camera stopped for 30 s; cam3's frozen (SIGSTOP) for 20 s; cam4's rebooted at 1280x720;
//   cam5's recorder SIGKILLed (systemd restarts it); cam6's FFmpeg SIGKILLed (the recorder restarts it).
// Then, per camera: footage seconds (the footage catalogue, as `footage` reads it) against the wall
// time less its injected outage, and what was lost beyond that (each fault may cost up to
// reconnect_delay + 3 s); gaps; unplayable files (ffprobe reading every packet); unit restarts; the
// recorder's RssAnon in minute 5 and in the last minute (each the median of that minute's
// readings) and its peak; and the CPU of recorders, FFmpeg, merge and clean.
//
//   npm run bench:soak -- [--cameras 16] [--minutes 60] [--width 1920 --height 1080 --fps 25]
// Needs root (the sandbox), FFmpeg and the camera simulator (install/dev-setup.sh). Ctrl-C ends
// the run early and still reports and stops everything it started.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildCatalogue } from '../src/footage/catalogue.js';
import { readFootageFiles } from '../src/footage/read-files.js';
import { runProgram } from '../src/process/run-program.js';
import { startCamera, stopAllCameras, type Camera } from '../test/support/camera.js';
import { tempDir } from '../test/support/cli.js';
import { procCpuMs } from '../test/support/processes.js';
import { startSandbox, type Sandbox } from '../test/support/sandbox.js';

const { values } = parseArgs({
  options: {
    cameras: { type: 'string', default: '16' },
    minutes: { type: 'string', default: '60' },
    width: { type: 'string', default: '1920' },
    height: { type: 'string', default: '1080' },
    fps: { type: 'string', default: '25' },
  },
});
const N = Number(values.cameras);
const RUN_MS = Number(values.minutes) * 60_000;
const RECONNECT_DELAY = 5; // recording.reconnect_delay, as the config below sets it
const CLI = fileURLToPath(new URL('../../bin/cams-manager.js', import.meta.url)); // dist/bench/bench → dist/bin
const SAMPLE_MS = 10_000;

interface Fault {
  camera: number; // 2 → cam2
  what: string;
  outageMs: number; // the time the camera itself was away (0 for a killed recorder or FFmpeg)
  at: number; // when it began (ms)
}

interface Watched {
  // pid → its CPU ms since the run began (a process there at the start counts from its first reading)
  recorderPids: Map<number, number>;
  ffmpegPids: Map<number, number>;
  // RssAnon readings of the recorder and of its FFmpeg (t: ms since the run began)
  rss: Array<{ pid: number; t: number; kb: number }>;
  ffmpegRss: Array<{ t: number; kb: number }>;
}

const baseline = new Map<number, number>(); // pid → CPU ms at the first sample of the run
let firstSample = true;

let stopping = false;
process.on('SIGINT', () => {
  stopping = true;
});

const dir = tempDir('cams-soak-');
const cameras: Camera[] = [];
let sandbox: Sandbox | undefined;
try {
  for (let i = 0; i < N; i++) cameras.push(await startCamera({ width: Number(values.width), height: Number(values.height), fps: Number(values.fps) }));
  sandbox = await startSandbox();
  const config = path.join(dir, 'config.yaml');
  const outputDir = (i: number) => path.join(dir, `cam${i + 1}`);
  writeFileSync(config, [
    'cameras:',
    ...cameras.map((c, i) => `  - {name: cam${i + 1}, rtsp_url: "${c.url}", output_dir: ${outputDir(i)}}`),
    `recording: {reconnect_delay: ${RECONNECT_DELAY}}`,
    '',
  ].join('\n'));
  const install = await sandbox.exec([process.execPath, CLI, 'install-units', '--user', '--enable', '--now', '-c', config, '--clean-calendar', '*:0/5']);
  if (install.exitCode !== 0) throw new Error(`install-units failed: ${install.stderr}`);
  await countJobCpu(sandbox, dir);
  await until(() => cameras.every((_, i) => segmentCount(outputDir(i)) > 0), 60_000, 'every camera recording');
  const t0 = Date.now();
  console.log(`soak: ${N} camera(s) ${values.width}x${values.height}@${values.fps} under the units in the systemd sandbox for ${values.minutes} min, faults at each sixth; node ${process.version}`);

  const watched: Watched[] = cameras.map(() => ({ recorderPids: new Map(), ffmpegPids: new Map(), rss: [], ffmpegRss: [] }));
  const faults: Fault[] = [];
  const schedule: Array<[number, () => Promise<Omit<Fault, 'at'>>]> = [
    [1, async () => ({ camera: 2, what: 'camera stopped 30 s', outageMs: await away(async () => { await cameras[1]!.stop(); await sleep(30_000); }, () => cameras[1]!.restart()) })],
    [2, async () => ({ camera: 3, what: 'camera frozen 20 s', outageMs: await away(async () => { cameras[2]!.freeze(); await sleep(20_000); }, async () => cameras[2]!.thaw()) })],
    [3, async () => ({ camera: 4, what: 'camera rebooted at 1280x720', outageMs: await away(() => cameras[3]!.stop(), () => cameras[3]!.restart({ width: 1280, height: 720 })) })],
    [4, async () => ({ camera: 5, what: 'recorder SIGKILLed', outageMs: killed(recorderPid(4)) })],
    [5, async () => ({ camera: 6, what: 'FFmpeg SIGKILLed', outageMs: killed(ffmpegPid(recorderPid(5))) })],
  ];
  const pending = schedule.filter(([sixth]) => sixth + 1 <= N); // cam2 … cam6, as many as there are
  while (!stopping && Date.now() - t0 < RUN_MS) {
    const next = pending[0];
    if (next && Date.now() - t0 >= (next[0] * RUN_MS) / 6) {
      pending.shift();
      const at = Date.now();
      faults.push({ ...(await next[1]()), at });
      continue;
    }
    sample(watched, t0);
    await sleep(Math.min(SAMPLE_MS, Math.max(0, t0 + RUN_MS - Date.now())));
  }
  sample(watched, t0);
  const tEnd = Date.now();
  // Each a minute's level (the median of its readings), not one reading that may catch a passing
  // allocation (a compile, a GC): minute 5, and the last minute, of the recorder running at the end.
  const runMs = tEnd - t0;
  const memory = watched.map((w) => {
    const pid = w.rss.at(-1)?.pid;
    const mine = w.rss.filter((r) => r.pid === pid);
    const at5 = level(mine, 240_000, 300_000);
    return { at5, end: level(mine, runMs - 60_000, runMs), restarted: at5 === undefined && w.rss.some((r) => r.t > 240_000 && r.t <= 300_000), peak: Math.max(0, ...mine.map((r) => r.kb)), ffmpeg: level(w.ffmpegRss, runMs - 60_000, runMs) };
  });
  const restarts = await Promise.all(cameras.map(async (_, i) => Number(await sandbox!.show(`cams-record@cam${i + 1}.service`, 'NRestarts'))));
  await sandbox.systemctl('stop', 'cams-merge.timer', 'cams-clean.timer', 'cams-manager.target');
  await until(() => cameras.every((_, i) => recorderPid(i) === undefined), 30_000, 'the recorders stopped');
  const jobs = { merge: jobCpu(dir, 'merge'), clean: jobCpu(dir, 'clean') };
  if (jobs.merge.runs === 0) console.log(`  no merge run counted; the journal on cams-merge:\n${(await sandbox.journal('-u', 'cams-merge.service', '--user')).split('\n').slice(-5).join('\n')}\n${(await sandbox.systemctl('list-timers', '--all')).stdout}`);

  console.log('camera  footage s  expected s  lost s (allowed)  gaps (longest s)  unplayable  restarts  recorder RssAnon MB (minute 5 → last; peak)  fault');
  const lost: number[] = [];
  const growth: number[] = [];
  for (let i = 0; i < N; i++) {
    const fault = faults.find((f) => f.camera === i + 1);
    const catalogue = buildCatalogue(await readFootageFiles(outputDir(i), t0, tEnd), t0, tEnd);
    const expected = (tEnd - t0 - (fault?.outageMs ?? 0)) / 1000;
    const footage = catalogue.covered / 1000;
    const allowed = fault ? RECONNECT_DELAY + 3 : 0;
    const longest = Math.max(0, ...catalogue.gaps.map((g) => (g.end - g.start) / 1000));
    const bad = await unplayable(outputDir(i));
    const w = watched[i]!;
    const m = memory[i]!;
    if (m.at5 !== undefined && m.end !== undefined) growth.push(m.end / m.at5 - 1);
    lost.push(Math.max(0, expected - footage - allowed));
    const mb = (kb: number | undefined) => (kb === undefined ? '-' : (kb / 1024).toFixed(1));
    const rss = `${m.restarted ? '(restarted)' : mb(m.at5)} → ${mb(m.end)}; ${mb(m.peak)}`;
    if (!fault && expected - footage > 0.3) for (const r of catalogue.runs) console.log(`  cam${i + 1} run ${((r.start - t0) / 1000).toFixed(2)} … ${((r.end - t0) / 1000).toFixed(2)} s (window 0 … ${((tEnd - t0) / 1000).toFixed(2)})`);
    console.log(`cam${String(i + 1).padEnd(3)} ${footage.toFixed(1).padStart(10)}  ${expected.toFixed(1).padStart(10)}  ${`${(expected - footage).toFixed(1)} (${allowed})`.padStart(16)}  ${`${catalogue.gaps.length} (${longest.toFixed(1)})`.padStart(16)}  ${String(bad).padStart(10)}  ${String(restarts[i]).padStart(8)}  ${rss.padStart(43)}  ${fault ? `${fault.what} (${(fault.outageMs / 1000).toFixed(1)} s away)` : ''}`);
  }
  const cpu = (key: 'recorderPids' | 'ffmpegPids') => watched.reduce((n, w) => n + [...w[key].values()].reduce((a, b) => a + b, 0), 0) / 1000;
  const wall = (tEnd - t0) / 1000;
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const defined = (xs: Array<number | undefined>) => xs.filter((x): x is number => x !== undefined);
  console.log(`median RssAnon over the last minute: recorder ${(med(defined(memory.map((m) => m.end))) / 1024).toFixed(1)} MB, its FFmpeg ${(med(defined(memory.map((m) => m.ffmpeg))) / 1024).toFixed(1)} MB`);
  console.log(`seconds lost beyond the injected outages and their allowance: ${lost.reduce((a, b) => a + b, 0).toFixed(1)}; largest recorder memory growth from minute 5 to the last: ${growth.length ? (Math.max(...growth) * 100).toFixed(1) : '-'} %`);
  console.log(`CPU over ${wall.toFixed(0)} s: recorders ${cpu('recorderPids').toFixed(1)} s, FFmpeg ${cpu('ffmpegPids').toFixed(1)} s (recorders/FFmpeg ${(cpu('recorderPids') / cpu('ffmpegPids')).toFixed(2)}x), merge ${(jobs.merge.ms / 1000).toFixed(1)} s in ${jobs.merge.runs} runs, clean ${(jobs.clean.ms / 1000).toFixed(1)} s in ${jobs.clean.runs} runs`);
  for (const fault of faults) {
    const lines = (await sandbox.journal('-t', `cams-record@cam${fault.camera}`, '--since', `@${Math.floor(fault.at / 1000) - 2}`, '--until', `@${Math.ceil((fault.at + fault.outageMs) / 1000) + 30}`, '-o', 'short-precise')).split('\n').filter(Boolean);
    console.log(`cam${fault.camera}, ${fault.what} at ${new Date(fault.at).toISOString()}:\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
} finally {
  await sandbox?.stop();
  await stopAllCameras();
  rmSync(dir, { recursive: true, force: true });
}

// Takes a camera away (`go`), brings it back (`back`): how long it was away, in ms.
async function away(go: () => Promise<void>, back: () => Promise<void>): Promise<number> {
  const t = Date.now();
  await go();
  await back();
  return Date.now() - t;
}

function killed(pid: number | undefined): number {
  if (pid === undefined) throw new Error('no process to kill');
  process.kill(pid, 'SIGKILL');
  return 0;
}

// The host pid of camera i's recorder (`… cams-manager.js record camN -c <this run's config>`), if
// running: the config's path tells it from the recorders of another bench on the machine.
function recorderPid(i: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = argv.indexOf('record');
      if (at > 0 && argv[at + 1] === `cam${i + 1}` && argv[at - 1]!.endsWith('cams-manager.js') && argv.includes(path.join(dir, 'config.yaml'))) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

function ffmpegPid(recorder: number | undefined): number | undefined {
  if (recorder === undefined) return undefined;
  try {
    for (const child of readFileSync(`/proc/${recorder}/task/${recorder}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
      if (readFileSync(`/proc/${child}/comm`, 'utf8').trim() === 'ffmpeg') return Number(child);
    }
  } catch {
    // gone meanwhile
  }
  return undefined;
}

function rssAnonKb(pid: number): number {
  try {
    return Number(/RssAnon:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

// The median of the readings taken in (fromMs, toMs].
function level(samples: Array<{ t: number; kb: number }>, fromMs: number, toMs: number): number | undefined {
  const inside = samples.filter((x) => x.t > fromMs && x.t <= toMs).map((x) => x.kb).sort((a, b) => a - b);
  return inside.length ? inside[Math.floor(inside.length / 2)] : undefined;
}

// CPU of every recorder and FFmpeg seen (each pid's latest reading), and their RssAnon.
function sample(watched: Watched[], t0: number): void {
  const read = (pid: number) => {
    if (firstSample) baseline.set(pid, procCpuMs(pid));
    return procCpuMs(pid) - (baseline.get(pid) ?? 0);
  };
  watched.forEach((w, i) => {
    const recorder = recorderPid(i);
    if (recorder === undefined) return;
    w.recorderPids.set(recorder, read(recorder));
    const ffmpeg = ffmpegPid(recorder);
    if (ffmpeg !== undefined) w.ffmpegPids.set(ffmpeg, read(ffmpeg));
    const t = Date.now() - t0;
    w.rss.push({ pid: recorder, t, kb: rssAnonKb(recorder) });
    if (ffmpeg !== undefined) w.ffmpegRss.push({ t, kb: rssAnonKb(ffmpeg) });
  });
  firstSample = false;
}

function segmentCount(outputDir: string): number {
  try {
    return readdirSync(path.join(outputDir, 'segments')).filter((n) => n.endsWith('.mp4')).length;
  } catch {
    return 0;
  }
}

// Files in segments/ and merged/ that ffprobe cannot read to the last packet, and quarantined ones;
// the first of them is named with what ffprobe said.
async function unplayable(outputDir: string): Promise<number> {
  let bad = 0;
  const say = (file: string, why: string) => bad === 1 && console.log(`  first bad file: ${file}: ${why}`);
  for (const sub of ['segments', 'merged', 'quarantine']) {
    let names: string[] = [];
    try {
      names = readdirSync(path.join(outputDir, sub)).filter((n) => n.endsWith('.mp4'));
    } catch {
      continue;
    }
    if (sub === 'quarantine') {
      for (const name of names) (bad++, say(path.join(outputDir, sub, name), 'quarantined by the recorder'));
      continue;
    }
    for (const name of names) {
      const probe = await runProgram('ffprobe', ['-v', 'error', '-count_packets', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', path.join(outputDir, sub, name)], { timeoutMs: 60_000 });
      if (probe.exitCode !== 0 || probe.stderr.trim() !== '' || probe.stdout.trim() === '') (bad++, say(path.join(outputDir, sub, name), probe.stderr.trim().split('\n')[0] || `exit ${probe.exitCode}, no packets`));
    }
  }
  return bad;
}

// The CPU of each run of cams-merge and cams-clean: a drop-in appends its cgroup's usage_usec once
// the run's processes are gone (ExecStopPost, in the unit's own cgroup; "+": outside its sandbox).
async function countJobCpu(box: Sandbox, out: string): Promise<void> {
  for (const job of ['merge', 'clean']) {
    const dropIn = path.join(box.unitDir, `cams-${job}.service.d`);
    mkdirSync(dropIn, { recursive: true });
    // The unified hierarchy's cpu.stat (under /sys/fs/cgroup/unified on a hybrid one, as in the sandbox).
    const script = `b=/sys/fs/cgroup; [ -d $$b/unified ] && b=$$b/unified; grep usage_usec $$b$$(sed -n "s/^0:://p" /proc/self/cgroup)/cpu.stat >> ${path.join(out, `${job}-cpu`)} || true`;
    writeFileSync(path.join(dropIn, 'soak-cpu.conf'), `[Service]\nExecStopPost=+/bin/sh -c '${script}'\n`);
  }
  const reload = await box.systemctl('daemon-reload');
  if (reload.exitCode !== 0) throw new Error(`daemon-reload failed: ${reload.stderr}`);
}

function jobCpu(out: string, job: string): { ms: number; runs: number } {
  let lines: string[] = [];
  try {
    lines = readFileSync(path.join(out, `${job}-cpu`), 'utf8').split('\n').filter(Boolean);
  } catch {
    // it never ran
  }
  return { ms: lines.reduce((n, l) => n + Number(l.split(' ')[1]) / 1000, 0), runs: lines.length };
}

async function until(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const limit = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > limit) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(250);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
