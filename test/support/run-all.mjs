// `npm test`: the whole suite in two vitest runs side by side, the soaks (`*.soak.test.ts`: minutes of
// one cheap camera and of waiting) beside the rest, which runs one file after another
// (vitest.config.ts). vitest cannot run two one-file-at-a-time projects at once in one run. The
// soaks' output is printed after the suite's, so the two never interleave, then one closing line
// "tests: N passed, N failed, N skipped" for both. With arguments (files, -t …) it is one plain
// `vitest run` of those.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const vitest = path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../../node_modules/vitest/vitest.mjs');
const args = process.argv.slice(2);

function run(extra, options) {
  const child = spawn(process.execPath, [vitest, 'run', ...extra], options);
  const done = new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return { child, done };
}

if (args.length > 0) {
  const { done } = run(args, { stdio: 'inherit' });
  process.exitCode = await done;
} else {
  const work = mkdtempSync(path.join(tmpdir(), 'cams-tests-'));
  const summary = (name) => path.join(work, `${name}.json`);
  const env = (name) => ({ ...process.env, CAMS_TEST_SUMMARY_FILE: summary(name) });
  const soakOutput = [];
  const soak = run(['--project', 'soak'], { stdio: ['ignore', 'pipe', 'pipe'], env: env('soak') });
  soak.child.stdout.on('data', (chunk) => soakOutput.push(chunk));
  soak.child.stderr.on('data', (chunk) => soakOutput.push(chunk));
  const suite = run(['--project', 'suite'], { stdio: 'inherit', env: env('suite') });
  const forward = (signal) => {
    for (const { child } of [soak, suite]) child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const codes = await Promise.all([suite.done, soak.done]);
  process.stdout.write('\n── the soaks, run beside the suite ──\n');
  process.stdout.write(Buffer.concat(soakOutput));
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const name of ['suite', 'soak']) {
    try {
      const counts = JSON.parse(readFileSync(summary(name), 'utf8'));
      for (const key of Object.keys(totals)) totals[key] += counts[key];
    } catch {
      totals.failed++; // that run ended before its summary: count it as a failure
    }
  }
  rmSync(work, { recursive: true, force: true });
  process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
  process.exitCode = codes.some((code) => code !== 0) || totals.failed > 0 ? 1 : 0;
}
