// Turns a recorder's events into alerts: "lost" once an outage outlasts the grace period, "back"
// with its length, "stall recovered"; an outage shorter than the grace is a quiet "blip".
import type { RecorderEvent } from '../recorder/events.js';
import type { Alert } from './grouper.js';
import { MESSAGES } from './messages.js';

interface Outage {
  since: number; // ms
  reason: string;
  stalled: boolean;
  lostSent: boolean;
  timer: NodeJS.Timeout | null;
}

export class CameraAlerts {
  private outage: Outage | null = null;

  constructor(
    private readonly camera: string,
    private readonly graceMs: number,
    private readonly emit: (alert: Alert) => void,
    private readonly now: () => number = Date.now,
  ) {}

  on(event: RecorderEvent): void {
    if (event.type === 'disconnected') this.begin(event.at, event.reason, false);
    else if (event.type === 'attempt-failed' && this.outage) this.outage.reason = event.reason; // "lost" tells the latest why
    else if (event.type === 'stalled') this.begin(event.at - event.silentSeconds * 1000, 'the stream froze', true);
    else if (event.type === 'reconnected' || event.type === 'recovered') this.end(event.outageSeconds);
  }

  close(): void {
    if (this.outage?.timer) clearTimeout(this.outage.timer);
    this.outage = null;
  }

  private begin(since: number, reason: string, stalled: boolean): void {
    if (this.outage) return;
    const outage: Outage = { since, reason, stalled, lostSent: false, timer: null };
    outage.timer = setTimeout(() => {
      outage.timer = null;
      outage.lostSent = true;
      this.emit({ camera: this.camera, text: MESSAGES.lost(this.camera, (this.now() - since) / 1000, outage.reason) });
    }, Math.max(0, since + this.graceMs - this.now()));
    this.outage = outage;
  }

  private end(seconds: number): void {
    const outage = this.outage;
    this.outage = null;
    if (!outage) return;
    if (outage.timer) clearTimeout(outage.timer);
    const camera = this.camera;
    if (outage.lostSent) this.emit({ camera, text: MESSAGES.back(camera, seconds, outage.stalled) });
    else if (outage.stalled) this.emit({ camera, text: MESSAGES.stallRecovered(camera, seconds) });
    else this.emit({ camera, text: MESSAGES.blip(camera, seconds), quiet: true, seconds });
  }
}
