// Rate limiting and grouping: at most one message per camera per min_interval. What happens in
// between is held and sent as one summary when the interval ends; brief drops (quiet alerts) are
// only told when there were at least FLAP_MIN of them in one interval: a flapping camera.
import { formatDuration } from './messages.js';

export const FLAP_MIN = 3;
const MAX_LINES = 5;

export interface Alert {
  camera: string; // or another key that groups messages ("disk", a unit name)
  text: string;
  quiet?: boolean; // a brief drop: counted, told only as part of a flapping summary
  seconds?: number; // a drop's length
}

export interface GrouperOptions {
  minIntervalMs: number;
  graceSeconds: number; // said in the flapping summary
  deliver(text: string): void;
  now?: () => number;
}

interface Slot {
  lastSentAt: number;
  pending: Alert[];
  timer: NodeJS.Timeout | null;
}

export class AlertGrouper {
  private readonly slots = new Map<string, Slot>();
  private readonly now: () => number;

  constructor(private readonly options: GrouperOptions) {
    this.now = options.now ?? Date.now;
  }

  add(alert: Alert): void {
    const slot = this.slot(alert.camera);
    const now = this.now();
    const free = now - slot.lastSentAt >= this.options.minIntervalMs;
    slot.pending.push(alert);
    if (!alert.quiet && free) return this.flush(alert.camera, slot);
    if (slot.timer) return;
    const wait = alert.quiet && free ? this.options.minIntervalMs : slot.lastSentAt + this.options.minIntervalMs - now;
    slot.timer = setTimeout(() => this.flush(alert.camera, slot), Math.max(0, wait));
  }

  // Sends whatever is held now (at shutdown).
  flushAll(): void {
    for (const [key, slot] of this.slots) this.flush(key, slot);
  }

  private flush(key: string, slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const text = summarise(key, slot.pending, this.options);
    slot.pending = [];
    if (text === undefined) return;
    slot.lastSentAt = this.now();
    this.options.deliver(text);
  }

  private slot(key: string): Slot {
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = { lastSentAt: -Infinity, pending: [], timer: null }));
    return slot;
  }
}

// Pure: the one message for what a slot held, or undefined when nothing is worth telling.
export function summarise(key: string, pending: Alert[], o: Pick<GrouperOptions, 'minIntervalMs' | 'graceSeconds'>): string | undefined {
  const loud = pending.filter((a) => !a.quiet);
  const quiet = pending.filter((a) => a.quiet);
  const flapping = quiet.length >= FLAP_MIN;
  if (!flapping && loud.length <= 1) return loud[0]?.text;
  const longest = Math.max(0, ...quiet.map((a) => a.seconds ?? 0));
  const head = flapping
    ? `⚠️ ${key}: unstable, dropped ${quiet.length} times in about ${formatDuration(o.minIntervalMs / 1000)} (longest ${formatDuration(longest)}, each back within the ${formatDuration(o.graceSeconds)} grace)`
    : `⚠️ ${key}: ${loud.length} events in about ${formatDuration(o.minIntervalMs / 1000)}:`;
  const lines = loud.slice(0, MAX_LINES).map((a) => `• ${a.text}`);
  if (loud.length > MAX_LINES) lines.push(`• … and ${loud.length - MAX_LINES} more`);
  return [head, ...lines].join('\n');
}
