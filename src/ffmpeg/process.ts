// Runs one recording FFmpeg: progress blocks, closed segments, a tail of stderr, a graceful stop.
import { execa } from 'execa';
import { redactText } from '../log/redact.js';
import { SEGMENT_LIST_FD } from './args.js';
import { createProgressParser, parseSegmentLine, type ProgressBlock, type SegmentEntry } from './progress.js';
import { FFMPEG } from './tools.js';

export interface FfmpegExit {
  code: number | null;
  signal: string | null;
  stderrTail: string[]; // last lines of stderr, redacted
}

export interface FfmpegHandlers {
  onProgress(block: ProgressBlock): void;
  onSegment(entry: SegmentEntry): void;
  onStderr?(line: string): void;
  onExit(exit: FfmpegExit): void;
}

export interface FfmpegRun {
  readonly pid: number | undefined;
  stop(): void; // SIGINT: FFmpeg finalises the segment in progress
  kill(): void; // SIGKILL
}

const TAIL_LINES = 20;

export function startFfmpeg(args: string[], handlers: FfmpegHandlers): FfmpegRun {
  const child = execa(FFMPEG, args, {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    buffer: false,
    reject: false,
    cleanup: true, // killed if the recorder exits
    encoding: 'utf8',
  });
  const tail: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', createProgressParser(handlers.onProgress));
  eachLine(child.stdio[SEGMENT_LIST_FD] as NodeJS.ReadableStream | undefined, (line) => {
    const entry = parseSegmentLine(line);
    if (entry) handlers.onSegment(entry);
  });
  eachLine(child.stderr ?? undefined, (raw) => {
    const line = redactText(raw);
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    handlers.onStderr?.(line);
  });
  void child.then((result) => {
    handlers.onExit({ code: result.exitCode ?? null, signal: result.signal ?? null, stderrTail: tail });
  });
  return {
    pid: child.pid,
    stop: () => void child.kill('SIGINT'),
    kill: () => void child.kill('SIGKILL'),
  };
}

function eachLine(stream: NodeJS.ReadableStream | undefined, onLine: (line: string) => void): void {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onLine(line.trimEnd());
  });
  stream.on('end', () => {
    if (pending.trim()) onLine(pending.trimEnd());
  });
}
