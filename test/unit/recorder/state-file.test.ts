import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishState, readStateFile } from '../../../src/recorder/state-file.js';
import { tempDir } from '../../support/cli.js';

describe('the recorder state file', () => {
  it('is replaced whole on a state change and carries no secret', async () => {
    const file = path.join(tempDir(), '.recorder-state.json');
    const publisher = publishState(file, 'cam1');
    publisher.listener({ type: 'state', state: 'waiting', detail: 'rtsp://admin:hunter22@h/s refused; reconnecting in 5 s' });
    await publisher.close();
    const state = readStateFile(file)!;
    expect(state).toMatchObject({ camera: 'cam1', state: 'waiting' });
    expect(JSON.stringify(state)).not.toContain('hunter22');
  });

  it('reports a failing write once, not on every heartbeat, and never throws', async () => {
    const file = path.join(tempDir(), 'missing-folder', '.recorder-state.json');
    const errors: unknown[] = [];
    const publisher = publishState(file, 'cam1', undefined, (e) => errors.push(e));
    for (const state of ['recording', 'waiting', 'recording'] as const) publisher.listener({ type: 'state', state, detail: state });
    await publisher.close();
    expect(errors).toHaveLength(1);
  });
});

describe.runIf(process.getuid?.() === 0)('the recorder state file on a full disk', () => {
  it('is still updated, in place, so status sees the recorder and why it fails', async () => {
    const mount = tempDir('cams-full-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
    try {
      const file = path.join(mount, '.recorder-state.json');
      const publisher = publishState(file, 'cam1');
      publisher.listener({ type: 'state', state: 'recording', detail: 'recording' });
      await publisher.close();
      spawnSync('dd', ['if=/dev/zero', `of=${path.join(mount, 'fill')}`, 'bs=4k']);
      expect(() => writeFileSync(path.join(mount, 'probe'), 'x')).toThrow(/ENOSPC/);
      const errors: unknown[] = [];
      const full = publishState(file, 'cam1', undefined, (e) => errors.push(e));
      full.listener({ type: 'attempt-failed', reason: 'the disk is full', attempt: 1, at: Date.now() });
      full.listener({ type: 'state', state: 'waiting', detail: 'the disk is full; reconnecting in 5 s' });
      await full.close();
      expect(errors).toEqual([]);
      expect(readStateFile(file)).toMatchObject({ state: 'waiting', last_error: 'the disk is full' });
    } finally {
      execFileSync('umount', [mount]);
    }
  });
});

describe('the outages the state file counts', () => {
  it('counts each loss of the camera once, however many events the outage brings, from 0 at the start', async () => {
    const file = path.join(tempDir(), '.recorder-state.json');
    const publisher = publishState(file, 'cam1');
    const at = Date.now();
    publisher.listener({ type: 'disconnected', reason: 'eof', at });
    publisher.listener({ type: 'stalled', silentSeconds: 5, at: at + 5000 }); // the same outage
    publisher.listener({ type: 'reconnected', outageSeconds: 6, at: at + 6000 });
    publisher.listener({ type: 'stalled', silentSeconds: 10, at: at + 30_000 });
    await publisher.close();
    expect(readStateFile(file)).toMatchObject({ outages: 2 });
    const fresh = path.join(tempDir(), '.recorder-state.json');
    await publishState(fresh, 'cam2').close();
    expect(readStateFile(fresh)).toMatchObject({ outages: 0 });
  });
});
