#!/usr/bin/env node
// Entry of `cams-manager`.
import { run } from '../cli/main.js';

process.exitCode = await run(process.argv.slice(2));
