// What a camera's RTSP port says to a plain OPTIONS request: nothing at all, RTSP, or something
// else (a web server on that port). Only asked after FFmpeg failed with "Invalid data found",
// which it says for all three; the request carries no user name or password.
import { connect } from 'node:net';

export type RtspAnswer = { kind: 'silent' } | { kind: 'rtsp' } | { kind: 'other'; firstLine: string } | { kind: 'unreachable'; error: string };

// Connects to the URL's host and port and waits up to timeoutMs for the first line of an answer.
export function askRtspOptions(url: string, timeoutMs: number): Promise<RtspAnswer> {
  const target = new URL(url);
  const port = Number(target.port || 554);
  const request = `OPTIONS rtsp://${target.host}${target.pathname} RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: cams-manager\r\n\r\n`;
  return new Promise((resolve) => {
    let received = '';
    const socket = connect({ host: target.hostname.replace(/^\[|\]$/g, ''), port });
    const done = (answer: RtspAnswer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(received ? classify(received) : { kind: 'silent' }), timeoutMs);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (received.includes('\n') || received.length > 512) done(classify(received));
    });
    socket.on('end', () => done(received ? classify(received) : { kind: 'silent' }));
    socket.on('error', (error) => done(received ? classify(received) : { kind: 'unreachable', error: error.message }));
  });
}

// Pure: an answer's first line → what it is.
export function classify(received: string): RtspAnswer {
  const firstLine = received.split(/\r?\n/)[0]!.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
  return /^RTSP\/\d\.\d \d{3}/.test(firstLine) ? { kind: 'rtsp' } : { kind: 'other', firstLine };
}

// Pure: the reason to log for FFmpeg's "Invalid data found", given the port's answer.
export function describeRtspAnswer(answer: RtspAnswer, fallback: string): string {
  switch (answer.kind) {
    case 'silent':
      return 'the camera accepted the connection but sent nothing';
    case 'other':
      return `the camera's port answers, but not in RTSP ("${answer.firstLine}"): is the port right?`;
    default:
      return fallback;
  }
}
