// A bound on how many of a costly thing run at once (exports: each one an FFmpeg and a stream). Pure.

export interface Slots {
  // A slot, as the function that gives it back (once; calling it again does nothing), or
  // undefined when all are taken.
  take(): (() => void) | undefined;
  readonly used: number;
}

export function createSlots(max: number): Slots {
  let used = 0;
  return {
    take() {
      if (used >= max) return undefined;
      used++;
      let given = false;
      return () => {
        if (given) return;
        given = true;
        used--;
      };
    },
    get used() {
      return used;
    },
  };
}
