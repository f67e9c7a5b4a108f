#!/usr/bin/env node
// Entry of `cams-manager`, in CommonJS (src/bin/package.json) so that a process that never imports
// an ES module never starts Node's ES module loader. A plain `record <camera>` (what the units run)
// takes the recorder's lean entry, bundled at build into one CommonJS file (dist/bin/record.cjs,
// src/build/bundle-recorder.ts): the recorder, up for months, loads neither the module loader nor
// the full CLI (issue 15: 0.6-0.8 MB of its ~10 MB). Everything else imports the full CLI.
import type { LeanRecorder } from '../cli/record-entry.js';

const argv = process.argv.slice(2);
const lean = argv.includes('record') ? (require('./record.cjs') as LeanRecorder) : undefined;
const record = lean?.plainRecordArgs(argv);
void (lean && record ? lean.runRecordEntry(record) : import('../cli/main.js').then(({ run }) => run(argv))).then((code) => {
  process.exitCode = code;
});
