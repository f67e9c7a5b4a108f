#!/usr/bin/env node
// Entry of `cams-merge`: the same as `cams-manager merge`.
import { buildStandalone, run } from '../cli/main.js';

process.exitCode = await run(process.argv.slice(2), buildStandalone('cams-merge'));
