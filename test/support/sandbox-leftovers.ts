// Suite-level check (vitest globalSetup): at the end of a run, no cgroup made by one of its
// systemd sandboxes is left, even one whose test file died before stopping it. Each sandbox
// appends its cgroups to a ledger (recordSandboxCgroups); only those are checked, so another
// run's sandboxes on the same machine are none of this run's business.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { existingCgroups } from './cgroups.js';

declare module 'vitest' {
  export interface ProvidedContext {
    sandboxLedger: string;
  }
}

export default function setup(project: TestProject): () => void {
  const folder = mkdtempSync(path.join(tmpdir(), 'cams-sandbox-ledger-'));
  const ledger = path.join(folder, 'cgroups');
  appendFileSync(ledger, '');
  project.provide('sandboxLedger', ledger);
  return () => {
    const left = existingCgroups(readFileSync(ledger, 'utf8').split('\n').filter(Boolean));
    rmSync(folder, { recursive: true, force: true });
    if (left.length === 0) return;
    process.stderr.write(`systemd sandboxes of this run left ${left.length} cgroup(s):\n${left.map((d) => `  ${d}\n`).join('')}`);
    process.exitCode = 1; // vitest only logs an error thrown here
  };
}

// Adds a sandbox's cgroups to the ledger (no ledger: not run under this globalSetup).
export function recordSandboxCgroups(ledger: string | undefined, cgroups: readonly string[]): void {
  if (ledger) appendFileSync(ledger, cgroups.map((d) => `${d}\n`).join(''));
}
