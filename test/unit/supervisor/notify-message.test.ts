import { describe, expect, it } from 'vitest';
import { parseNotifyMessage } from '../../../src/supervisor/notify-message.js';

describe('an sd_notify datagram', () => {
  it('reads READY, WATCHDOG, STOPPING and STATUS, one per line, and ignores the rest', () => {
    expect(parseNotifyMessage('READY=1\nSTATUS=recording')).toEqual({ ready: true, watchdog: false, stopping: false, status: 'recording' });
    expect(parseNotifyMessage('WATCHDOG=1')).toEqual({ ready: false, watchdog: true, stopping: false });
    expect(parseNotifyMessage('STOPPING=1\nMAINPID=42\nBARRIER=1\ngarbage\n=x')).toEqual({ ready: false, watchdog: false, stopping: true });
    expect(parseNotifyMessage('STATUS=a=b c')).toMatchObject({ status: 'a=b c' });
    expect(parseNotifyMessage('WATCHDOG=trigger')).toMatchObject({ watchdog: false });
  });
});
