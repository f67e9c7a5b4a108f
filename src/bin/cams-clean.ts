#!/usr/bin/env node
// Entry of `cams-clean`: the same as `cams-manager clean` (CommonJS, as cams-manager.ts says why).
void import('../cli/main.js').then(async ({ buildStandalone, run }) => {
  process.exitCode = await run(process.argv.slice(2), buildStandalone('cams-clean'));
});
