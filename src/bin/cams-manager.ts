#!/usr/bin/env node
// Entry of `cams-manager`. A plain `record <camera>` (what the units run) takes the recorder's lean
// entry, which loads only what recording needs; everything else the full CLI.
import { plainRecordArgs } from '../cli/record-args.js';

const argv = process.argv.slice(2);
const record = plainRecordArgs(argv);
if (record) {
  const { runRecordEntry } = await import('../cli/record-entry.js');
  process.exitCode = await runRecordEntry(record);
} else {
  const { run } = await import('../cli/main.js');
  process.exitCode = await run(argv);
}
