// A step of `npm run build`: bundles the lean entries of the processes that stay up (the recorder,
// cli/record-entry.ts; the supervisor of `run`, cli/run-entry.ts) and of the health probe (run
// every few seconds), as tsc built them, each into one CommonJS file (dist/bin/record.cjs, run.cjs,
// health.cjs) that the `cams-manager` launcher requires; and gives
// dist/bin/ its package.json (CommonJS), which tsc does not copy.
// Measured with bench/recorder-overhead, 8 cameras 1080p25, the same run: the recorder as one
// CommonJS file takes 0.6-0.8 MB less private memory than the ~40 ES modules it is made of (no ES
// module loader, one module instead of forty); an ES module bundle saves 0.4 MB. rolldown is
// vite's bundler, already in the tree through vitest.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'rolldown';

const ROOT = path.resolve(import.meta.dirname, '../..');

copyFileSync(path.join(ROOT, 'src/bin/package.json'), path.join(ROOT, 'dist/bin/package.json'));
for (const [entry, bundle] of [['record-entry', 'record'], ['run-entry', 'run'], ['health-entry', 'health']]) {
  await build({
    input: path.join(ROOT, `dist/cli/${entry}.js`),
    platform: 'node',
    logLevel: 'warn',
    output: { file: path.join(ROOT, `dist/bin/${bundle}.cjs`), format: 'cjs', sourcemap: true },
  });
}
