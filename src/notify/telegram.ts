// One Bot API sendMessage call with Node's fetch (https://core.telegram.org/bots/api#sendmessage).
// Never throws and never hangs: a timeout aborts the request. Nothing it returns holds the token.
import type { TelegramConfig } from '../config/notify-schema.js';
import { redactText } from '../log/redact.js';

export const SEND_TIMEOUT_MS = 10_000;

export interface TelegramAnswer {
  ok: boolean;
  status: number; // HTTP status; 0 when no answer came (network error, timeout)
  description: string; // the API's own words, or what went wrong
  retryAfter?: number; // seconds, from a 429 answer
  messageId?: number;
}

// Sends `text` to the configured chat; the text is redacted first. The timeout is a plain timer
// on an AbortController (not AbortSignal.timeout, whose weakly held timer was seen never to fire
// on a request the server holds open), and it covers reading the answer too.
export async function sendTelegram(telegram: TelegramConfig, text: string, timeoutMs = SEND_TIMEOUT_MS, cancel?: AbortSignal): Promise<TelegramAnswer> {
  const url = `${telegram.api_url.replace(/\/+$/, '')}/bot${telegram.bot_token}/sendMessage`;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs);
  const onCancel = () => controller.abort();
  cancel?.addEventListener('abort', onCancel, { once: true });
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: telegram.chat_id, text: redactText(text), disable_web_page_preview: true }),
      signal: controller.signal,
    });
    return readAnswer(response.status, await response.text());
  } catch (error) {
    const description = timedOut ? `no answer within ${timeoutMs / 1000} s` : describeFailure(error);
    return { ok: false, status: 0, description: redactText(description) };
  } finally {
    clearTimeout(timer);
    cancel?.removeEventListener('abort', onCancel);
  }
}

// Pure: the API's JSON answer (or an HTTP error page) → TelegramAnswer.
export function readAnswer(status: number, body: string): TelegramAnswer {
  let json: { ok?: boolean; description?: string; result?: { message_id?: number }; parameters?: { retry_after?: number } } = {};
  try {
    json = JSON.parse(body) as typeof json;
  } catch {
    // not JSON: a proxy's error page
  }
  const ok = status === 200 && json.ok === true;
  const description = redactText(json.description ?? (ok ? 'OK' : `HTTP ${status}${body ? `: ${body.trim().slice(0, 120)}` : ''}`));
  return {
    ok,
    status,
    description,
    ...(json.parameters?.retry_after !== undefined ? { retryAfter: json.parameters.retry_after } : {}),
    ...(json.result?.message_id !== undefined ? { messageId: json.result.message_id } : {}),
  };
}

// Whether another try may work: network trouble, 429 and 5xx; not a bad token or chat (4xx).
export function isRetryable(answer: TelegramAnswer): boolean {
  return !answer.ok && (answer.status === 0 || answer.status === 429 || answer.status >= 500);
}

function describeFailure(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(error)}${cause ? ` (${cause})` : ''}`;
}
