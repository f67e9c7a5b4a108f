// Counts what keeps the server busy (open connections, requests in flight) and calls onIdle once
// nothing has for `idleMs`: one timer armed when the count falls to zero, none while busy.
export interface IdleTimerOptions {
  idleMs: number;
  onIdle: () => void;
  setTimer?: (fn: () => void, ms: number) => unknown; // default setTimeout
  clearTimer?: (handle: unknown) => void; // default clearTimeout
}

export interface IdleTimer {
  busy(): () => void; // one more thing in progress; call what it returns when it ends (once)
  stop(): void; // no onIdle from now on
  readonly active: number;
}

// Starts idle: with nothing in progress, onIdle comes idleMs from now.
export function createIdleTimer(options: IdleTimerOptions): IdleTimer {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  let active = 0;
  let stopped = false;
  let handle: unknown;
  const arm = () => {
    if (!stopped) handle = setTimer(() => { handle = undefined; options.onIdle(); }, options.idleMs);
  };
  const disarm = () => {
    if (handle !== undefined) clearTimer(handle);
    handle = undefined;
  };
  arm();
  return {
    busy() {
      if (active++ === 0) disarm();
      let done = false;
      return () => {
        if (done) return;
        done = true;
        if (--active === 0) arm();
      };
    },
    stop() {
      stopped = true;
      disarm();
    },
    get active() {
      return active;
    },
  };
}
