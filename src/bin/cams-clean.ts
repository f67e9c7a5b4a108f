#!/usr/bin/env node
// Entry of `cams-clean`: the same as `cams-manager clean`.
import { buildStandalone, run } from '../cli/main.js';

process.exitCode = await run(process.argv.slice(2), buildStandalone('cams-clean'));
