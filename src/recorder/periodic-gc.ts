// A full garbage collection every minute, when the recorder was started with --expose-gc (as the
// record unit and `run` start it: RECORDER_NODE_FLAGS). The recorder allocates about 90 KB a second;
// what outlives two scavenges goes to V8's old space, which V8 collects only when it reaches a limit
// set for far larger heaps: so the recorder's memory crept up for hours. A full collection of its
// ~4 MB heap takes a few milliseconds.
export const GC_INTERVAL_MS = 60_000;

// Starts the collections; the returned function stops them. Without --expose-gc: nothing.
export function collectGarbagePeriodically(intervalMs = GC_INTERVAL_MS): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return () => undefined;
  const timer = setInterval(() => gc(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
