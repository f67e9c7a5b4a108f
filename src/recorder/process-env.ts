// The recorder's malloc settings, given by what starts it (the record unit's Environment=, `run`).
// glibc gives each thread that allocates an arena of its own and raises its mmap threshold after
// every large free, so the recorder's private memory crept up by about 7 MB an hour
// (bench/recorder-overhead, 16 cameras at 1080p25: RssAnon 9.5 MB after a minute, 16.3 MB after
// an hour, most of it in the arenas of threads). One arena and a fixed mmap threshold (128 KiB,
// glibc's starting value) keep it flat; measured in the same run: see README, Measured performance.
export const RECORDER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '1', MALLOC_MMAP_THRESHOLD_: '131072' };

// The same as one Environment= line of a unit.
export function recorderEnvironmentLine(): string {
  return Object.entries(RECORDER_ENV).map(([k, v]) => `${k}=${v}`).join(' ');
}

// Node's flags for the recorder, before its entry on its command line (the record unit's
// ExecStart=, `run`'s children): --expose-gc lets it collect its heap every minute
// (periodic-gc.ts), which keeps its memory flat over hours; --no-opt leaves out V8's optimising
// compiler (TurboFan), whose code and compile zones cost 0.4–0.7 MB, for a process that spends
// 0.25 % of a core: 4 recorders each way for 20 minutes, its CPU was the same (0.15× its FFmpeg).
export const RECORDER_NODE_FLAGS: readonly string[] = ['--expose-gc', '--no-opt'];
