#!/usr/bin/env node
// Entry of `cams-merge`: the same as `cams-manager merge`.
import { run } from '../cli/main.js';

process.exitCode = await run(['merge', ...process.argv.slice(2)]);
