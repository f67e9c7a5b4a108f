// Runs the tests of a describe block in one time zone (Node applies a change of process.env.TZ at
// once), and gives the process its own zone back after each.
import { afterEach, beforeEach } from 'vitest';

export function inTimeZone(zone: string): void {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.TZ;
    process.env.TZ = zone;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
}

// Runs `fn` with the process in one time zone (rows of a table in different zones, names read in
// the recorder's zone), and gives the process its own zone back.
export function withTimeZone<T>(zone: string, fn: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}
