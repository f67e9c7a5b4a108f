import { describe, expect, it } from 'vitest';
import { createSlots } from '../../../src/web/slots.js';

describe('slots', () => {
  it('gives at most max at once, and one again once given back (giving back twice counts once)', () => {
    const slots = createSlots(2);
    const a = slots.take();
    const b = slots.take();
    expect(a && b).toBeTruthy();
    expect(slots.take()).toBeUndefined();
    a!();
    a!();
    expect(slots.used).toBe(1);
    expect(slots.take()).toBeTruthy();
    expect(slots.take()).toBeUndefined();
  });
});
