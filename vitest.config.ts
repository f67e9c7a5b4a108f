import { defineConfig } from 'vitest/config';

// Integration tests start real FFmpeg, camera simulators and systemd: give them room, and run files
// one after another so two suites never fight over the 2 cores. The one exception is the soaks
// (`*.soak.test.ts`): minutes of one cheap camera (the simulator loops a clip it encoded once) and
// of waiting, so they are a project of their own that `npm test` (test/support/run-all.mjs) runs
// beside the rest instead of after it; a plain `vitest run` runs the two one after the other.
const shared = {
  testTimeout: 120_000,
  hookTimeout: 60_000,
  fileParallelism: false,
};

export default defineConfig({
  test: {
    // Checks at the end that the run's systemd sandboxes left no cgroup behind.
    globalSetup: ['./test/support/sandbox-leftovers.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      { extends: true, test: { ...shared, name: 'suite', include: ['test/**/*.test.ts'], exclude: ['test/**/*.soak.test.ts'] } },
      { extends: true, test: { ...shared, name: 'soak', include: ['test/**/*.soak.test.ts'] } },
    ],
  },
});
