import { describe, expect, it } from 'vitest';
import { plainHealthArgs, plainRecordArgs, plainRunArgs } from '../../../src/cli/record-args.js';

describe('the command line that takes the recorder\'s lean entry', () => {
  it('is `record <camera>` with -c/--config, -v/--verbose and --debug anywhere, as the units and users write it', () => {
    expect(plainRecordArgs(['record', 'cam1', '-c', '/etc/cams-manager/config.yaml'])).toEqual({ camera: 'cam1', config: '/etc/cams-manager/config.yaml', verbose: false, debug: false });
    expect(plainRecordArgs(['-v', 'record', '--config=/x.yaml', 'cam1', '--debug'])).toEqual({ camera: 'cam1', config: '/x.yaml', verbose: true, debug: true });
    expect(plainRecordArgs(['record', 'cam1'])).toEqual({ camera: 'cam1', verbose: false, debug: false });
    expect(plainRecordArgs(['record', '--verbose', 'cam1', '--config', 'c.yaml'])).toEqual({ camera: 'cam1', config: 'c.yaml', verbose: true, debug: false });
  });

  it('leaves everything else to the full CLI, which says what is wrong as it always has', () => {
    for (const argv of [
      ['record'], // no camera
      ['record', 'cam1', 'cam2'],
      ['record', 'cam1', '--help'],
      ['record', '-h'],
      ['record', 'cam1', '-c'], // -c without its file
      ['record', 'cam1', '--config='],
      ['record', 'cam1', '--bogus'],
      ['merge', 'cam1'],
      ['record-config', 'cam1'],
      [],
    ]) expect(plainRecordArgs(argv), argv.join(' ')).toBeUndefined();
  });
});

describe('the command lines of the lean `run` and `health`', () => {
  it('`run` takes --camera NAME (repeated, or --camera=NAME) after the command, and the global options anywhere', () => {
    expect(plainRunArgs(['run'])).toEqual({ cameras: [], verbose: false, debug: false });
    expect(plainRunArgs(['-c', 'c.yaml', 'run', '--camera', 'a', '--camera=b', '-v'])).toEqual({ cameras: ['a', 'b'], config: 'c.yaml', verbose: true, debug: false });
  });

  it('leaves to the full CLI what it refuses or answers itself: --camera before `run`, a camera without its name, help, a word more', () => {
    for (const argv of [['--camera', 'a', 'run'], ['--camera=a', 'run'], ['run', '--camera'], ['run', '--camera='], ['run', '--help'], ['run', 'cam1'], ['record', 'cam1', '--camera', 'a']]) {
      expect(plainRunArgs(argv), argv.join(' ')).toBeUndefined();
    }
  });

  it('`health` takes one camera or none, and no --camera', () => {
    expect(plainHealthArgs(['health'])).toEqual({ debug: false });
    expect(plainHealthArgs(['health', 'cam1', '-c', 'c.yaml'])).toEqual({ camera: 'cam1', config: 'c.yaml', debug: false });
    for (const argv of [['health', 'a', 'b'], ['health', '--camera', 'a']]) expect(plainHealthArgs(argv), argv.join(' ')).toBeUndefined();
  });
});
