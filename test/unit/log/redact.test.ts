import { describe, expect, it } from 'vitest';
import { redactText, redactUrl, registerUrlSecret } from '../../../src/log/redact.js';

describe('redaction', () => {
  it('replaces the password of an RTSP URL with ***', () => {
    expect(redactUrl('rtsp://admin:hunter2@10.0.0.5:554/s')).toBe('rtsp://admin:***@10.0.0.5:554/s');
  });

  it('leaves a URL without credentials as it is', () => {
    expect(redactUrl('rtsp://10.0.0.5/s')).toBe('rtsp://10.0.0.5/s');
  });

  it('hides a registered password wherever it appears, encoded or decoded', () => {
    registerUrlSecret('rtsp://admin:c4n%40ry@127.0.0.1/cam');
    expect(redactText('[rtsp @ 0x1] 401 for user admin with c4n@ry')).toBe('[rtsp @ 0x1] 401 for user admin with ***');
    expect(redactText('tried c4n%40ry')).toBe('tried ***');
  });
});
