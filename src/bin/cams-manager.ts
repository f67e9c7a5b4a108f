#!/usr/bin/env node
// Entry of `cams-manager`, in CommonJS (src/bin/package.json) so that a process that never imports
// an ES module never starts Node's ES module loader. A plain `record <camera>` (what the units run),
// `run` and `health` take a lean entry, each bundled at build into one CommonJS file
// (dist/bin/record.cjs, run.cjs, health.cjs: src/build/bundle-entries.ts): the processes that stay
// up for months load neither the module loader nor the full CLI (issue 15: 0.6-0.8 MB of the
// recorder's ~10 MB), and a health probe answers in a third of the time. Everything else imports
// the full CLI.

interface LeanEntry {
  leanEntry(argv: readonly string[]): Promise<number> | undefined;
}

const argv = process.argv.slice(2);
const lean = (name: string) => (argv.includes(name) ? (require(`./${name}.cjs`) as LeanEntry).leanEntry(argv) : undefined);
void (lean('record') ?? lean('run') ?? lean('health') ?? import('../cli/main.js').then(({ run }) => run(argv))).then((code) => {
  process.exitCode = code;
});
