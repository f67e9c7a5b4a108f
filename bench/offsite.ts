// Off-site uploader benchmark (not a test), against Debian's sshd on 127.0.0.1 (started here):
//   once     `cams-manager offsite --once` of a camera's footage (one rclone rcd, one file at a
//            time, each to a partial name, md5 checked on the server, renamed, the state fsynced)
//   rclone   plain `rclone copy` of the same segments folder (4 transfers at once, its own md5
//            check; no partial names, no state, no order)
//   steady   the uploader running, fed one segment at a time as a recorder admits them: the CPU
//            of Node and rclone per segment, and per hour of footage (1800 segments of 2 s)
// Footage: 1280x720 H.264 at ~2 Mbit/s (a modest camera), cut into the recorder's 2 s segments.
// Each way runs `--rounds` times to a fresh remote folder; medians are printed. CPU of a run is
// user + system of the process and every descendant it waited for (bash's `times`), so rclone's
// is included.
//
//   npm run bench:offsite -- [--minutes 1] [--rounds 5] [--steady 60]
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../test/support/cli.js';
import { addSegments, totalBytes, writeOffsiteConfig } from '../test/support/offsite-footage.js';
import { descendants, procCpuMs } from '../test/support/processes.js';
import { writeRcloneConfig } from '../test/support/rclone-config.js';
import { minuteAgo, segmentStem } from '../test/support/segments.js';
import { SftpServer } from '../test/support/sftp-server.js';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '1' }, rounds: { type: 'string', default: '5' }, steady: { type: 'string', default: '60' } } });
const MINUTES = Number(values.minutes);
const ROUNDS = Number(values.rounds);
const STEADY = Number(values.steady);
// The built CLI beside this file's build (dist/bench/bench/offsite.js → dist/bin/).
const CLI = fileURLToPath(new URL('../../bin/cams-manager.js', import.meta.url));

const sftp = await SftpServer.start();
const dir = tempDir('cams-bench-offsite-');
try {
  const rcloneConfig = writeRcloneConfig(dir, [sftp.rcloneSection('nas')]);
  const whole = path.join(dir, 'whole.mp4');
  const cam = path.join(dir, 'cam1');
  let files: string[] = [];
  for (let m = 0; m < MINUTES; m++) {
    const spec = { start: minuteAgo(60 + m), seconds: 60, size: '1280x720', bitrate: '2M' };
    files = files.concat(await addSegments(cam, m === 0 ? { ...spec, whole } : { ...spec, source: whole }));
  }
  const bytes = totalBytes(files);
  const footageHours = (files.length * 2) / 3600;
  console.log(`${files.length} segments (${MINUTES} min of 720p footage, ${(bytes / 1048576).toFixed(1)} MiB) to sshd on 127.0.0.1; ${ROUNDS} rounds, medians`);
  const once: Run[] = [];
  const plain: Run[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const config = writeOffsiteConfig(dir, ['cam1'], { remote: `nas:${sftp.root}/once${r}`, rcloneConfig });
    rmSync(path.join(cam, '.offsite'), { recursive: true, force: true });
    const logFile = path.join(dir, `rclone-copy-${r}.log`);
    try {
      plain.push(await timed(`timeout -k 5 60 rclone --config ${rcloneConfig} copy -v --log-file ${logFile} ${path.join(cam, 'segments')} nas:${sftp.root}/plain${r}/cam1/segments`));
    } catch (error) {
      const text = readFileSync(logFile, 'utf8').split('\n');
      console.log(`${text.filter((l) => /Copied \(new\)/.test(l)).length} copied; ${readdirSync(path.join(sftp.root, `plain${r}/cam1/segments`)).length} there`);
      console.log(text.filter((l) => !/Copied \(new\)/.test(l)).slice(-40).join('\n'));
      throw error;
    }
    once.push(await timed(`${process.execPath} ${CLI} offsite --once -c ${config}`));
  }
  console.log('way                       wall      MiB/s   CPU       CPU per hour of footage');
  for (const [name, runs] of [['cams-manager offsite --once', once], ['rclone copy', plain]] as const) {
    const wall = median(runs.map((x) => x.wallMs));
    const cpu = median(runs.map((x) => x.cpuMs));
    console.log(`${name.padEnd(25)} ${(wall / 1000).toFixed(2).padStart(6)} s  ${(bytes / 1048576 / (wall / 1000)).toFixed(1).padStart(6)}  ${(cpu / 1000).toFixed(2).padStart(6)} s  ${(cpu / 1000 / footageHours).toFixed(1)} s`);
  }
  if (STEADY > 0) await steady(dir, rcloneConfig, whole);
} finally {
  await sftp.stop();
  rmSync(dir, { recursive: true, force: true });
}

interface Run { wallMs: number; cpuMs: number }

// Runs a command under bash and reads the CPU of its waited-for descendants from `times`.
// Asynchronously: a blocked event loop would stop reading sshd's log pipe, and sshd would stall.
async function timed(command: string): Promise<Run> {
  const t0 = performance.now();
  const child = spawn('bash', ['-c', `${command} >/dev/null 2>&1 || echo FAILED; times`], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise((resolve) => child.once('close', resolve));
  const wallMs = performance.now() - t0;
  if (out.includes('FAILED')) throw new Error(`failed: ${command}`);
  const children = out.trim().split('\n').at(-1)!; // "0m1.234s 0m0.456s": children's user, system
  const cpuMs = children.split(/\s+/).map((t) => { const m = /(\d+)m([\d.]+)s/.exec(t)!; return (Number(m[1]) * 60 + Number(m[2])) * 1000; }).reduce((a, b) => a + b, 0);
  return { wallMs, cpuMs };
}

// The uploader running, fed STEADY segments one by one (every 250 ms): CPU of Node + rclone per segment.
async function steady(dir: string, rcloneConfig: string, whole: string): Promise<void> {
  const cam = path.join(dir, 'live');
  let spare: string[] = [];
  for (let m = 0; spare.length < STEADY; m++) spare = spare.concat(await addSegments(path.join(dir, `spare${m}`), { start: minuteAgo(900 + m), seconds: 60, source: whole }));
  mkdirSync(path.join(cam, 'segments'), { recursive: true });
  const config = writeOffsiteConfig(dir, ['live'], { remote: `nas:${sftp.root}/steady`, rcloneConfig });
  const child = spawn(process.execPath, [CLI, 'offsite', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (c: Buffer) => (log += c.toString()));
  while (!log.includes('started')) await sleep(50);
  await sleep(1000);
  const tree = () => [child.pid!, ...descendants(child.pid!)];
  const cpu0 = tree().reduce((n, pid) => n + procCpuMs(pid), 0);
  const segments = path.join(cam, 'segments');
  const before = countRemote();
  for (const [i, file] of spare.slice(0, STEADY).entries()) {
    renameSync(file, path.join(segments, `${segmentStem(new Date(Date.now() - 2000))}_${i + 1}.mp4`)); // _N: several a second
    await sleep(250);
  }
  while (countRemote() < before + STEADY) await sleep(50);
  const cpu = tree().reduce((n, pid) => n + procCpuMs(pid), 0) - cpu0;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  console.log(`steady: ${STEADY} segments fed one by one: ${(cpu / STEADY).toFixed(1)} ms CPU per segment (Node + rclone), ${((cpu / STEADY) * 1800 / 1000).toFixed(1)} s per hour of footage of one camera`);

  function countRemote(): number {
    try {
      return readdirSync(path.join(sftp.root, 'steady/live/segments')).filter((n) => !n.startsWith('.')).length;
    } catch {
      return 0;
    }
  }
}


function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
