import { describe, expect, it } from 'vitest';
import { classify, describeRtspAnswer } from '../../../src/net/rtsp-answer.js';

describe('the answer of a camera\'s RTSP port', () => {
  it('is RTSP when its first line is an RTSP status line, else the first line is kept, printable and short', () => {
    expect(classify('RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n')).toEqual({ kind: 'rtsp' });
    expect(classify('HTTP/1.1 400 Bad Request\r\n')).toEqual({ kind: 'other', firstLine: 'HTTP/1.1 400 Bad Request' });
    expect(classify('\x00\xffSSH-2.0\x07')).toEqual({ kind: 'other', firstLine: '??SSH-2.0?' });
  });

  it('turns silence and a foreign protocol into plain words, and keeps the fallback otherwise', () => {
    expect(describeRtspAnswer({ kind: 'silent' }, 'x')).toBe('the camera accepted the connection but sent nothing');
    expect(describeRtspAnswer({ kind: 'other', firstLine: 'HTTP/1.1 200 OK' }, 'x')).toBe('the camera\'s port answers, but not in RTSP ("HTTP/1.1 200 OK"): is the port right?');
    expect(describeRtspAnswer({ kind: 'rtsp' }, 'x')).toBe('x');
    expect(describeRtspAnswer({ kind: 'unreachable', error: 'ECONNREFUSED' }, 'x')).toBe('x');
  });
});
