// What a recorder tells the world, through one small interface (logs, notifications, status).

export type RecorderState = 'connecting' | 'recording' | 'stalled' | 'waiting' | 'stopping' | 'stopped';

export type RecorderEvent =
  | { type: 'state'; state: RecorderState; detail: string }
  | { type: 'disconnected'; reason: string; at: number }
  | { type: 'attempt-failed'; reason: string; attempt: number; at: number } // every failed connect, with why
  | { type: 'reconnected'; outageSeconds: number; at: number }
  | { type: 'stalled'; silentSeconds: number; at: number }
  | { type: 'recovered'; outageSeconds: number; at: number }
  | { type: 'segment'; file: string; seconds: number; at: number }
  | { type: 'clock'; synchronised: boolean | null; detail: string } // what the recorder knows of the wall clock
  | { type: 'clock-step'; seconds: number; at: number }; // the wall clock was stepped (+ forward)

export type RecorderListener = (event: RecorderEvent) => void;

export class RecorderEvents {
  private readonly listeners: RecorderListener[] = [];

  on(listener: RecorderListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  emit(event: RecorderEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // a listener's failure (a notifier, a state file) never stops recording
      }
    }
  }
}
