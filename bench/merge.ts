// Merge benchmark (not a test): builds a backlog of N minutes of 1080p segments and prints the
// merge's throughput beside `cat` of the same bytes, and CPU seconds per merged minute; also the
// FFmpeg concat demuxer on the same files, for comparison. Medians of RUNS runs.
//
//   npx tsc -p bench/tsconfig.json && node dist/bench/bench/merge.js [minutes=5] [runs=3]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeSegments, minuteAgo } from '../test/support/segments.js';

const MINUTES = Number(process.argv[2] ?? 5);
const RUNS = Number(process.argv[3] ?? 3);
const CLI = path.resolve(import.meta.dirname, '../../bin/cams-manager.js');

const root = mkdtempSync(path.join(tmpdir(), 'cams-bench-'));
try {
  const pristine = path.join(root, 'pristine');
  process.stderr.write(`making ${MINUTES} minutes of 1080p segments (15 fps, 4 Mbit/s, AAC)…\n`);
  await makeSegments(path.join(pristine, 'segments'), { start: minuteAgo(MINUTES + 10), seconds: MINUTES * 60, size: '1920x1080', bitrate: '4M' });
  const files = readdirSync(path.join(pristine, 'segments')).sort();
  const bytes = files.reduce((n, f) => n + statSync(path.join(pristine, 'segments', f)).size, 0);
  const minutes = new Set(files.map((f) => f.slice(0, 13))).size;
  const results = { cat: [] as number[], merge: [] as number[], mergeCpu: [] as number[], idle: [] as number[], idleCpu: [] as number[], ffmpeg: [] as number[], ffmpegCpu: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    const work = path.join(root, `run${run}`);
    cpSync(pristine, work, { recursive: true });
    const segments = path.join(work, 'segments');
    const cat = timed('sh', ['-c', `cat ${segments}/*.mp4 > ${work}/cat.out && sync ${work}/cat.out`]);
    results.cat.push(cat.wall);
    const concat = ffmpegConcat(segments, path.join(work, 'ffmpeg'));
    results.ffmpeg.push(concat.wall);
    results.ffmpegCpu.push(concat.cpu);
    const config = path.join(work, 'config.yaml');
    writeFileSync(config, `cameras:\n  - name: bench\n    rtsp_url: rtsp://127.0.0.1/none\n    output_dir: ${work}\nrecording:\n  merge_delay: 0\n`);
    const merge = timed(process.execPath, [CLI, 'merge', '-c', config]);
    results.merge.push(merge.wall);
    results.mergeCpu.push(merge.cpu);
    const idle = timed(process.execPath, [CLI, 'merge', '-c', config]); // nothing left: the fixed cost of a run
    results.idle.push(idle.wall);
    results.idleCpu.push(idle.cpu);
    rmSync(work, { recursive: true, force: true });
  }
  const mbps = (seconds: number) => `${(bytes / 1e6 / seconds).toFixed(0)} MB/s`;
  console.log(`backlog: ${minutes} minutes, ${files.length} segments, ${(bytes / 1e6).toFixed(0)} MB; medians of ${RUNS} runs`);
  console.log(`cat (read + write + fsync):     ${mbps(median(results.cat))}`);
  const work = { wall: median(results.merge) - median(results.idle), cpu: median(results.mergeCpu) - median(results.idleCpu) };
  console.log(`cams-manager merge (process):  ${mbps(median(results.merge))}, ${(median(results.mergeCpu) / minutes).toFixed(3)} s CPU per minute, startup included`);
  console.log(`  less a run with nothing to do (${median(results.idle).toFixed(2)} s, ${median(results.idleCpu).toFixed(2)} s CPU): ${mbps(work.wall)}, ${(work.cpu / minutes).toFixed(3)} s CPU per minute`);
  console.log(`ffmpeg concat demuxer -c copy: ${mbps(median(results.ffmpeg))}, ${(median(results.ffmpegCpu) / minutes).toFixed(3)} s CPU per minute`);
} finally {
  rmSync(root, { recursive: true, force: true });
}

// Wall and CPU (user + system) seconds of a command, by /usr/bin/time.
function timed(command: string, args: string[]): { wall: number; cpu: number } {
  const { stderr } = spawnSync('/usr/bin/time', ['-f', 'TIMES %e %U %S', command, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const [wall, user, system] = /TIMES (\S+) (\S+) (\S+)/.exec(stderr)!.slice(1).map(Number) as [number, number, number];
  return { wall, cpu: user + system };
}

// One `ffmpeg -f concat -c copy` per minute, as a plain concat would do it.
function ffmpegConcat(segments: string, out: string): { wall: number; cpu: number } {
  mkdirSync(out);
  const byMinute = new Map<string, string[]>();
  for (const f of readdirSync(segments).sort()) byMinute.set(f.slice(0, 13), [...(byMinute.get(f.slice(0, 13)) ?? []), f]);
  let wall = 0;
  let cpu = 0;
  for (const [minute, names] of byMinute) {
    const list = path.join(out, `${minute}.txt`);
    writeFileSync(list, names.map((n) => `file '${path.join(segments, n)}'\n`).join(''));
    const t = timed('ffmpeg', ['-v', 'error', '-nostdin', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', path.join(out, `${minute}.mp4`)]);
    wall += t.wall;
    cpu += t.cpu;
  }
  return { wall, cpu };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
