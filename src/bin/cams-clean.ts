#!/usr/bin/env node
// Entry of `cams-clean`: the same as `cams-manager clean`.
import { run } from '../cli/main.js';

process.exitCode = await run(['clean', ...process.argv.slice(2)]);
