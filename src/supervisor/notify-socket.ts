// A NOTIFY_SOCKET of the supervisor's own for one recorder: a unix datagram socket (what sd_notify(3)
// sends to), bound in a private folder. Node has no unix datagrams, so the socket comes from the
// unix-dgram addon (its receive side; the recorder sends with sd-notify as under systemd).
import { createRequire } from 'node:module';
import { rmSync } from 'node:fs';
import { parseNotifyMessage, type NotifyMessage } from './notify-message.js';

interface DgramSocket {
  on(event: 'message', listener: (data: Buffer | null) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  bind(path: string): void;
  close(): void;
}

const require = createRequire(import.meta.url);

export interface NotifySocket {
  readonly path: string;
  close(): void;
}

// The longest path a unix socket takes (sun_path, less its NUL); unix-dgram would cut a longer one.
const MAX_PATH = 107;

// Binds `path` (removed first if a crash left it) and calls `onMessage` for every datagram.
export function openNotifySocket(path: string, onMessage: (message: NotifyMessage) => void): NotifySocket {
  if (Buffer.byteLength(path) > MAX_PATH) throw new Error(`the notify socket path ${path} is longer than ${MAX_PATH} bytes`);
  const unix = require('unix-dgram') as { createSocket(type: 'unix_dgram'): DgramSocket };
  rmSync(path, { force: true });
  const socket = unix.createSocket('unix_dgram');
  let failure: Error | undefined;
  socket.on('error', (error) => (failure ??= error));
  socket.on('message', (data) => data && onMessage(parseNotifyMessage(data.toString('utf8')))); // null: a failed recvmsg
  socket.bind(path); // emits 'error' at once when it cannot
  if (failure) {
    socket.close();
    throw new Error(`the notify socket ${path} cannot be bound: ${failure.message}`);
  }
  return {
    path,
    close: () => {
      socket.close();
      rmSync(path, { force: true });
    },
  };
}
