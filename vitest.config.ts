import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start real FFmpeg, camera simulators and systemd: give them room,
    // and run files one after another so two suites never fight over the 2 cores.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // Checks at the end that the run's systemd sandboxes left no cgroup behind.
    globalSetup: ['./test/support/sandbox-leftovers.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
