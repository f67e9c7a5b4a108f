import { describe, expect, it } from 'vitest';
import { summarizeChecks, type Item } from '../../../src/cli/check.js';

const ok: Item = { ok: true, label: 'ffmpeg 5.1' };
const warning: Item = { ok: true, warn: true, label: 'config holds a literal password' };
const failed: Item = { ok: false, label: 'cam1: output folder cannot be used' };
const badConfig: Item = { ok: false, label: 'config "/x/config.yaml" is invalid', exitCode: 78 };

describe('the summary of check', () => {
  it('all passed is exit 0, and says how many warnings were printed', () => {
    expect(summarizeChecks([ok, ok])).toEqual({ line: 'All checks passed.', exitCode: 0 });
    expect(summarizeChecks([ok, warning])).toEqual({ line: 'All checks passed, with 1 warning.', exitCode: 0 });
    expect(summarizeChecks([warning, ok, warning])).toEqual({ line: 'All checks passed, with 2 warnings.', exitCode: 0 });
  });

  it('a failed check is exit 1; a bad config is exit 78, as for every other command', () => {
    expect(summarizeChecks([ok, failed])).toEqual({ line: '1 check failed.', exitCode: 1 });
    expect(summarizeChecks([badConfig, ok])).toEqual({ line: '1 check failed.', exitCode: 78 });
    expect(summarizeChecks([failed, badConfig, warning])).toEqual({ line: '2 checks failed, 1 warning.', exitCode: 78 });
  });
});
