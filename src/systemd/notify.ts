// sd_notify(3) for the recorder: READY, STATUS, WATCHDOG, STOPPING, EXTEND_TIMEOUT_USEC. A no-op
// outside systemd (no NOTIFY_SOCKET); failures are logged by the caller, never fatal.
import { createRequire } from 'node:module';

export interface Notifier {
  readonly enabled: boolean;
  ready(): void;
  status(text: string): void;
  watchdog(): void;
  stopping(): void;
  extendStartTimeout(ms: number): void; // the start may take `ms` more from now (TimeoutStartSec=)
}

interface SdNotifyModule {
  sendState(state: string): void;
}

const require = createRequire(import.meta.url);

// Loads the native sd-notify addon; throws when it cannot (the `check` command reports it).
export function loadSdNotify(): SdNotifyModule {
  return require('sd-notify') as SdNotifyModule;
}

// A notifier that speaks to $NOTIFY_SOCKET, or does nothing when it is not set.
export function createNotifier(env = process.env): Notifier {
  if (!env.NOTIFY_SOCKET) return NOOP;
  const sd = loadSdNotify();
  // sendState calls sd_notify(0, text); MAINPID is implied: the recorder is the unit's main process.
  const send = (state: string) => sd.sendState(state);
  return {
    enabled: true,
    ready: () => send('READY=1'),
    status: (text) => send(`STATUS=${text.replace(/\n/g, ' ')}`),
    watchdog: () => send('WATCHDOG=1'),
    stopping: () => send('STOPPING=1'),
    extendStartTimeout: (ms) => send(`EXTEND_TIMEOUT_USEC=${Math.round(ms * 1000)}`),
  };
}

const NOOP: Notifier = { enabled: false, ready() {}, status() {}, watchdog() {}, stopping() {}, extendStartTimeout() {} };
