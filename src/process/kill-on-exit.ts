// A child that must not outlive this process when it exits (a clean exit, an uncaught error, or a
// signal Node turns into an exit): killed with SIGKILL from the 'exit' handler, which can only run
// synchronous code. (A SIGKILL of this process leaves it to systemd's cgroup, or to `run`.)
import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();

function killAll(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

// Registers the child; the returned function forgets it (call it once the child has ended).
export function killOnExit(child: ChildProcess): () => void {
  if (children.size === 0) process.on('exit', killAll);
  children.add(child);
  return () => {
    children.delete(child);
    if (children.size === 0) process.off('exit', killAll);
  };
}
