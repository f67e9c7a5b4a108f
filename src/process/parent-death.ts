// A child that must not outlive us, even when we are killed outright: started through util-linux's
// `setpriv --pdeathsig TERM`, so the kernel sends it SIGTERM when we die (a SIGKILL, a crash).
// Where setpriv is missing the child is started as it is.
import { existsSync } from 'node:fs';

const SETPRIV = '/usr/bin/setpriv';

export function withParentDeathSignal(program: string, args: readonly string[]): [string, string[]] {
  return existsSync(SETPRIV) ? [SETPRIV, ['--pdeathsig', 'TERM', '--', program, ...args]] : [program, [...args]];
}
