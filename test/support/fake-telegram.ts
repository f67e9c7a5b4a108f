// A fake Telegram Bot API on 127.0.0.1: records every sendMessage, and can answer 500 or hang.
//
//   const api = await FakeTelegram.start();   // config: api_url: api.url
//   api.mode = 'error';  api.mode = 'hang';  api.mode = 'ok';
//   await api.waitFor((m) => /back/.test(m.text));
//   await api.stop();
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedMessage {
  at: number;
  path: string; // /bot<token>/sendMessage
  chatId: unknown;
  text: string;
  raw: string; // the whole request body
}

export type FakeMode = 'ok' | 'error' | 'hang';

export class FakeTelegram {
  readonly messages: ReceivedMessage[] = []; // accepted (answered 200) only
  readonly attempts: ReceivedMessage[] = []; // every request, whatever the answer
  mode: FakeMode = 'ok';
  private nextId = 1;

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<FakeTelegram> {
    const server = http.createServer();
    const fake = new FakeTelegram(server);
    server.on('request', (req, res) => fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  // Resolves with the first accepted message matching, waiting up to timeoutMs.
  async waitFor(match: (m: ReceivedMessage) => boolean, timeoutMs = 30_000): Promise<ReceivedMessage> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (Date.now() > end) throw new Error(`no matching message within ${timeoutMs} ms; got: ${JSON.stringify(this.messages.map((m) => m.text))}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const parsed = safeJson(body);
      const message: ReceivedMessage = { at: Date.now(), path: req.url ?? '', chatId: parsed.chat_id, text: String(parsed.text ?? ''), raw: body };
      this.attempts.push(message);
      if (this.mode === 'hang') return; // never answers; the client must time out
      if (this.mode === 'error') return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"ok":false,"error_code":500,"description":"Internal Server Error"}');
      if (!/^\/bot[^/]+\/sendMessage$/.test(message.path)) return void res.writeHead(404).end('{"ok":false,"description":"Not Found"}');
      this.messages.push(message);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result: { message_id: this.nextId++, text: message.text } }));
    });
  }
}

function safeJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}
