// Runs one recording FFmpeg: progress blocks, closed segments, a tail of stderr, a graceful stop.
// node:child_process, not execa: the recorder loads only what recording needs (issue 15).
import { spawn } from 'node:child_process';
import { redactText } from '../log/redact.js';
import { killOnExit } from '../process/kill-on-exit.js';
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
  const child = spawn(FFMPEG, args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const release = killOnExit(child); // killed if the recorder exits
  const tail: string[] = [];
  let startError: Error | undefined;
  child.stdout?.setEncoding('utf8').on('data', createProgressParser(handlers.onProgress));
  eachLine(child.stdio[SEGMENT_LIST_FD] as NodeJS.ReadableStream | undefined, (line) => {
    const entry = parseSegmentLine(line);
    if (entry) handlers.onSegment(entry);
  });
  const onStderr = (raw: string) => {
    const line = redactText(raw);
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    handlers.onStderr?.(line);
  };
  eachLine(child.stderr ?? undefined, onStderr);
  child.on('error', (error) => {
    startError = error; // ENOENT: no FFmpeg; 'close' follows
  });
  child.on('close', (code, signal) => {
    release();
    if (startError) onStderr(`${FFMPEG}: ${startError.message}`);
    handlers.onExit({ code: startError ? 127 : code, signal, stderrTail: tail });
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
