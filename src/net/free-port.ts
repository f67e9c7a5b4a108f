// A free TCP port on 127.0.0.1 for a simulated camera.
import { readFileSync } from 'node:fs';
import net from 'node:net';

// Picked below the kernel's ephemeral range, so an outgoing connection (an FFmpeg client) never
// takes it as its local port while a camera is down for a restart.
export async function freePort(): Promise<number> {
  let low = 32768;
  try {
    low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || low;
  } catch {
    // not Linux: keep the default
  }
  const from = 20000;
  const to = low - 1;
  if (to - from > 1000) {
    for (let i = 0; i < 50; i++) {
      const port = from + Math.floor(Math.random() * (to - from));
      if (await canListen(port)) return port;
    }
  }
  return listenAnyPort();
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function listenAnyPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
