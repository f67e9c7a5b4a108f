import { describe, expect, it } from 'vitest';
import { resolvePending } from '../../../src/offsite/recover.js';
import type { PendingUpload } from '../../../src/offsite/state-events.js';

const pending: PendingUpload = { path: 'door/merged/20261130_0900.mp4', temp: 'door/merged/.20261130_0900.mp4.partial', local: '/rec/door/merged/20261130_0900.mp4', size: 100, hash: 'md5:ABC', start: 0, end: 60_000, since: 0 };
const whole = { size: 100, hash: 'md5:abc' };

describe('recovering an upload a crash interrupted', () => {
  it.each([
    ['the final file matches (the move was done, its record lost): confirmed, not sent again', { final: whole, temp: undefined }, true, { then: 'confirm', deleteTemp: false }],
    ['the final file matches and a temporary one was left: confirmed, the temporary deleted', { final: whole, temp: { size: 40 } }, true, { then: 'confirm', deleteTemp: true }],
    ['the temporary file is whole: the move is finished', { final: undefined, temp: whole }, true, { then: 'move' }],
    ['the final file is an older version (another size): sent again', { final: { size: 90 }, temp: { size: 40 } }, true, { then: 'upload', deleteTemp: true }],
    ['the final file has another hash: sent again', { final: { size: 100, hash: 'md5:def' }, temp: undefined }, true, { then: 'upload', deleteTemp: false }],
    ['nothing arrived and the local file is gone: the intent is dropped', { final: undefined, temp: { size: 3 } }, false, { then: 'cancel', deleteTemp: true }],
  ] as const)('%s', (_title, seen, localExists, expected) => {
    expect(resolvePending(pending, { ...seen, localExists })).toEqual(expected);
  });

  it('trusts the size where the backend has no hash of the same type', () => {
    expect(resolvePending(pending, { final: { size: 100, hash: 'sha1:0123' }, localExists: true })).toEqual({ then: 'confirm', deleteTemp: false });
    expect(resolvePending({ ...pending, hash: undefined }, { final: { size: 100 }, localExists: true })).toEqual({ then: 'confirm', deleteTemp: false });
  });
});
