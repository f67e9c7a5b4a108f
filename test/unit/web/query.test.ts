import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { createLogger } from '../../../src/log/logger.js';
import { queryCamera, queryRange, queryTime } from '../../../src/web/query.js';
import { HttpError, type WebContext } from '../../../src/web/route.js';

const parsed = parseConfigText('cameras:\n  - {name: cam1, rtsp_url: "rtsp://h/a", output_dir: /x/cam1}\n', '/x');
const ctx: WebContext = { config: { ...(parsed.ok ? parsed.config : ({} as never)), path: '/x/c.yaml' } as Config, log: createLogger({ write: () => undefined }), now: () => Date.parse('2026-11-30T15:00:00Z') };
const url = (query: string) => new URL(`http://localhost/api/x?${query}`);

function refusal(f: () => unknown): { status: number; message: string } | undefined {
  try {
    f();
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, message: error.message };
    throw error;
  }
  return undefined;
}

describe('query parameters', () => {
  it('a camera of the config is found by name; another is 404 naming it', () => {
    expect(queryCamera(ctx, url('camera=cam1')).output_dir).toBe('/x/cam1');
    expect(refusal(() => queryCamera(ctx, url('camera=cam9')))).toEqual({ status: 404, message: 'no camera named "cam9"' });
    expect(refusal(() => queryCamera(ctx, url('')))).toEqual({ status: 400, message: 'missing query parameter "camera"' });
    expect(refusal(() => queryCamera(ctx, url('camera=cam1&camera=cam2')))).toEqual({ status: 400, message: 'query parameter "camera" given 2 times' });
  });

  it.each([
    ['1796048400000', 1796048400000],
    ['1796048400000.5', 1796048400000.5],
    ['2026-11-30T14:00:00Z', Date.parse('2026-11-30T14:00:00Z')],
    ['2026-11-30T14:00:00%2B01:00', Date.parse('2026-11-30T13:00:00Z')],
    ['2026-11-30T14:00:00.250Z', Date.parse('2026-11-30T14:00:00.250Z')],
  ])('the time %s is %d', (text, ms) => {
    expect(queryTime(ctx, url(`start=${text}`), 'start')).toBe(ms);
  });

  it.each(['yesterday-ish', '14h32', '1e12', '-5', '2026-13-40T00:00:00Z'])('the time "%s" is 400 naming the parameter', (text) => {
    expect(refusal(() => queryTime(ctx, url(`end=${encodeURIComponent(text)}`), 'end'))?.message).toMatch(/^end: cannot read the time /);
  });

  it('a range needs its end after its start, and no longer than the bound', () => {
    expect(queryRange(ctx, url('start=1000&end=2000'))).toEqual({ start: 1000, end: 2000 });
    expect(refusal(() => queryRange(ctx, url('start=2000&end=1000')))).toEqual({ status: 400, message: 'end (1000) is not after start (2000)' });
    expect(refusal(() => queryRange(ctx, url('start=0&end=7200001'), 3_600_000))?.status).toBe(400);
  });
});
