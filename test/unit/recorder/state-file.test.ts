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
