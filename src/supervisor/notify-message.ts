// Pure: one sd_notify(3) datagram ("READY=1\nSTATUS=recording\nWATCHDOG=1"), as the supervisor of
// `cams-manager run` reads it from a recorder, the way systemd reads it from a unit's main process.

export interface NotifyMessage {
  ready: boolean;
  watchdog: boolean;
  stopping: boolean;
  status?: string;
}

export function parseNotifyMessage(datagram: string): NotifyMessage {
  const message: NotifyMessage = { ready: false, watchdog: false, stopping: false };
  for (const line of datagram.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at);
    const value = line.slice(at + 1);
    if (key === 'READY') message.ready = value === '1';
    else if (key === 'WATCHDOG') message.watchdog = value === '1';
    else if (key === 'STOPPING') message.stopping = value === '1';
    else if (key === 'STATUS') message.status = value;
  }
  return message;
}
