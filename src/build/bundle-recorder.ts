// A step of `npm run build`: bundles the recorder's lean entry (cli/record-entry.ts, as tsc built
// it) into one CommonJS file, dist/bin/record.cjs, which the `cams-manager` launcher requires for a
// plain `record <camera>`; and gives dist/bin/ its package.json (CommonJS), which tsc does not copy.
// Measured with bench/recorder-overhead, 8 cameras 1080p25, the same run: one CommonJS file loads in
// 0.6-0.8 MB less private memory than the ~40 ES modules it is made of (no ES module loader, one
// module instead of forty); an ES module bundle saves 0.4 MB. rolldown is vite's bundler, already
// in the tree through vitest.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'rolldown';

const ROOT = path.resolve(import.meta.dirname, '../..');

copyFileSync(path.join(ROOT, 'src/bin/package.json'), path.join(ROOT, 'dist/bin/package.json'));
await build({
  input: path.join(ROOT, 'dist/cli/record-entry.js'),
  platform: 'node',
  logLevel: 'warn',
  output: { file: path.join(ROOT, 'dist/bin/record.cjs'), format: 'cjs', sourcemap: true },
});
