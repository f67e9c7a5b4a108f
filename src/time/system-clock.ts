// The machine's two clocks and whether its wall clock is synchronised: the shell around time.
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

export interface Clock {
  wallMs(): number; // CLOCK_REALTIME: can be stepped (NTP, an admin, a Pi's first sync)
  monoMs(): number; // CLOCK_MONOTONIC: never steps; how long ago something happened
}

export const systemClock: Clock = { wallMs: () => Date.now(), monoMs: () => performance.now() };

// A change of (wall − monotonic) larger than this is a step of the wall clock, not a slew.
export const STEP_MS = 500;

// Whether the kernel's clock is synchronised (NTP): systemd's answer through timedatectl, which
// asks the kernel (adjtimex) whatever the NTP daemon is; else timesyncd's flag file. undefined
// when neither can say (no systemd: a container, another init).
export async function clockSynchronised(): Promise<boolean | undefined> {
  const answer = await new Promise<string | undefined>((resolve) => {
    execFile('timedatectl', ['show', '--property=NTPSynchronized', '--value'], { timeout: 3000 }, (error, stdout) =>
      resolve(error ? undefined : stdout.trim()),
    );
  });
  if (answer === 'yes') return true;
  if (answer === 'no') return false;
  return access('/run/systemd/timesync/synchronized').then(
    () => true,
    () => undefined,
  );
}
