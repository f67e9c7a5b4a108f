// Pure: the listening sockets systemd passed to this process (sd_listen_fds(3)): LISTEN_PID names
// the process they are meant for, LISTEN_FDS how many, starting at file descriptor 3.
export const SD_LISTEN_FDS_START = 3;
const VARIABLES = ['LISTEN_PID', 'LISTEN_FDS', 'LISTEN_FDNAMES'] as const;

export interface Activation {
  fd: number; // the socket to listen on: the first one passed
  count: number; // how many were passed (only the first is used)
}

// The sockets passed to `pid`, or undefined when none were (or they were meant for another
// process, e.g. the parent that set the variables and then started us).
export function readActivation(env: NodeJS.ProcessEnv, pid: number): Activation | undefined {
  if (env.LISTEN_PID === undefined || env.LISTEN_FDS === undefined) return undefined;
  if (!/^\d+$/.test(env.LISTEN_PID) || Number(env.LISTEN_PID) !== pid) return undefined;
  if (!/^\d+$/.test(env.LISTEN_FDS)) return undefined;
  const count = Number(env.LISTEN_FDS);
  return count >= 1 ? { fd: SD_LISTEN_FDS_START, count } : undefined;
}

// Removes the variables, so that no child (systemctl, FFmpeg) takes the sockets for its own.
export function clearActivation(env: NodeJS.ProcessEnv): void {
  for (const name of VARIABLES) delete env[name];
}
