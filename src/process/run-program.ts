// Runs a program to its end with node:child_process, in bounded time, collecting its output: what
// the recorder needs of ffprobe, without execa's ~9 MB of modules (issue 15: a lean recorder).
import { spawn } from 'node:child_process';
import { killOnExit } from './kill-on-exit.js';

export interface ProgramResult {
  exitCode: number | null; // null when a signal ended it
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean; // killed (SIGKILL) after `timeoutMs`
  failedToStart?: Error; // ENOENT and the like: the program is not there or cannot run
}

const MAX_OUTPUT = 16 * 1024 * 1024; // a program that says more is cut off here (no unbounded buffers)

export function runProgram(program: string, args: readonly string[], options: { timeoutMs: number }): Promise<ProgramResult> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const release = killOnExit(child);
    const out = { stdout: '', stderr: '' };
    let timedOut = false;
    let failedToStart: Error | undefined;
    for (const name of ['stdout', 'stderr'] as const) {
      child[name].setEncoding('utf8').on('data', (chunk: string) => {
        if (out[name].length < MAX_OUTPUT) out[name] += chunk;
      });
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => {
      failedToStart = error;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      release();
      resolve({ exitCode: code, signal, ...out, timedOut, ...(failedToStart ? { failedToStart } : {}) });
    });
  });
}
