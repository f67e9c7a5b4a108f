import { describe, expect, it } from 'vitest';
import { plainRecordArgs } from '../../../src/cli/record-args.js';

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
