import { describe, expect, it, vi } from 'vitest';
import type { CollectedStatus } from '../../../src/status/collect.js';
import { sharedStatus } from '../../../src/web/shared-status.js';

const config = () => ({ cameras: [], recording: { segment_duration: 2 } }) as never;
const now = new Date('2026-12-01T00:00:00Z');

// A gathering that ends when told to, counting how often it was started.
function gatherer() {
  const ends: Array<(value: CollectedStatus) => void> = [];
  const gather = vi.fn(() => new Promise<CollectedStatus>((resolve) => ends.push(resolve)));
  const end = (n: number) => ends[n]!({ doc: { generated_at: String(n) } as never, inputs: [] });
  return { gather, end };
}

describe('the status facts the web server shares between requests', () => {
  it('are gathered once for the requests that arrive while they are being gathered', async () => {
    const c = config();
    const { gather, end } = gatherer();
    const answers = [sharedStatus(c, { now, user: false }, gather), sharedStatus(c, { now, user: false }, gather)];
    end(0);
    expect((await Promise.all(answers)).map((a) => a.doc.generated_at)).toEqual(['0', '0']);
    expect(gather).toHaveBeenCalledTimes(1);
  });

  it('are gathered anew by a request that arrives after the gathering ended', async () => {
    const c = config();
    const { gather, end } = gatherer();
    const first = sharedStatus(c, { now, user: false }, gather);
    end(0);
    await first;
    const later = sharedStatus(c, { now, user: false }, gather);
    end(1);
    expect((await later).doc.generated_at).toBe('1');
    expect(gather).toHaveBeenCalledTimes(2);
  });

  it('are apart per systemd manager and per config', async () => {
    const [a, b] = [config(), config()];
    const { gather, end } = gatherer();
    const answers = [sharedStatus(a, { now, user: false }, gather), sharedStatus(a, { now, user: true }, gather), sharedStatus(b, { now, user: false }, gather)];
    [0, 1, 2].forEach(end);
    expect((await Promise.all(answers)).map((x) => x.doc.generated_at)).toEqual(['0', '1', '2']);
  });

  it('are gathered anew after a gathering failed: the failure went only to the requests that waited for it', async () => {
    const c = config();
    const gather = vi.fn().mockRejectedValueOnce(new Error('disk gone')).mockResolvedValueOnce({ doc: { generated_at: 'ok' }, inputs: [] });
    const failed = [sharedStatus(c, { now, user: false }, gather), sharedStatus(c, { now, user: false }, gather)];
    for (const f of failed) await expect(f).rejects.toThrow('disk gone');
    expect((await sharedStatus(c, { now, user: false }, gather)).doc.generated_at).toBe('ok');
    expect(gather).toHaveBeenCalledTimes(2);
  });
});
