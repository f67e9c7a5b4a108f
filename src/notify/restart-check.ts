// Pure: did the previous recorder of this camera end without stopping? Its state file says so:
// a clean stop writes "stopped"; a SIGKILL (WatchdogSignal=SIGKILL) or a crash leaves another state.
import type { RecorderStatus } from '../recorder/state-file.js';
import { MESSAGES } from './messages.js';

// The alert text for an unclean end of the previous run, or undefined.
export function uncleanEndMessage(previous: RecorderStatus | undefined, now: Date, pid = process.pid): string | undefined {
  if (!previous || previous.state === 'stopped' || previous.pid === pid) return undefined;
  const ago = Math.max(0, (now.getTime() - Date.parse(previous.updated_at)) / 1000);
  return MESSAGES.restarted(previous.camera, previous.state, ago);
}
