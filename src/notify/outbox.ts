// Delivers messages in the background, one at a time, in order; retries with a growing delay
// (1 s, 2 s, 4 s … 30 s) while the API is unreachable. Nothing here is awaited by the recorder.
import type { Logger } from '../log/logger.js';
import { isRetryable, type TelegramAnswer } from './telegram.js';

export const MAX_PENDING = 50;
const MAX_DELAY_MS = 30_000;

export interface OutboxOptions {
  send(text: string, cancel: AbortSignal): Promise<TelegramAnswer>; // must resolve, never reject
  log: Logger;
  maxDelayMs?: number;
}

export class Outbox {
  private readonly queue: string[] = [];
  private running: Promise<void> | null = null;
  private dropped = 0;
  private wake: (() => void) | null = null;
  private closed = false;
  private readonly cancel = new AbortController(); // aborts a request still open when drain gives up

  constructor(private readonly options: OutboxOptions) {}

  // Queues a message; when too many wait, the oldest go (and the next message says how many).
  push(text: string): void {
    if (this.closed) return;
    this.queue.push(text);
    while (this.queue.length > MAX_PENDING) (this.queue.shift(), this.dropped++);
    this.running ??= this.deliver().finally(() => (this.running = null));
  }

  get pending(): number {
    return this.queue.length;
  }

  // At shutdown: waits up to timeoutMs for the queue to empty (retrying at once), then gives up.
  async drain(timeoutMs: number): Promise<void> {
    this.closed = true;
    this.wake?.();
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.running ?? Promise.resolve(), limit]);
    clearTimeout(timer);
    this.cancel.abort();
    if (this.queue.length) this.options.log.warn(`${this.queue.length} notification(s) not delivered before exit`);
  }

  private async deliver(): Promise<void> {
    let failures = 0;
    while (this.queue.length > 0) {
      const text = this.dropped ? `(${this.dropped} older notification(s) dropped)\n${this.queue[0]!}` : this.queue[0]!;
      const answer = await this.options.send(text, this.cancel.signal);
      if (this.cancel.signal.aborted) return;
      if (answer.ok || !isRetryable(answer)) {
        if (!answer.ok) this.options.log.error(`Telegram refused a notification: ${answer.status} ${answer.description}`);
        this.queue.shift();
        this.dropped = 0;
        failures = 0;
        continue;
      }
      if (this.closed && failures > 0) return;
      const delay = answer.retryAfter ? answer.retryAfter * 1000 : Math.min(1000 * 2 ** failures, this.options.maxDelayMs ?? MAX_DELAY_MS);
      if (failures++ === 0) this.options.log.warn(`notification not delivered (${answer.status || 'no answer'}: ${answer.description}); retrying in the background`);
      await this.sleep(this.closed ? 0 : delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => ((this.wake = null), resolve()), ms);
      this.wake = () => (clearTimeout(timer), (this.wake = null), resolve());
    });
  }
}
