import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAnswer, sendTelegram } from '../../../src/notify/telegram.js';
import { FakeTelegram } from '../../support/fake-telegram.js';

let api: FakeTelegram;
beforeAll(async () => (api = await FakeTelegram.start()));
afterAll(() => api.stop());

const telegram = () => ({ bot_token: '77:Canary-unit-token', chat_id: 5, api_url: api.url, min_interval: 60 });

describe('sendTelegram', () => {
  it('posts to /bot<token>/sendMessage and reads the answer', async () => {
    api.mode = 'ok';
    expect(await sendTelegram(telegram(), 'hello')).toMatchObject({ ok: true, status: 200, description: 'OK' });
    expect(api.messages.at(-1)).toMatchObject({ path: '/bot77:Canary-unit-token/sendMessage', chatId: 5, text: 'hello' });
  });

  it('gives up on a server that never answers, after its timeout, without throwing', async () => {
    api.mode = 'hang';
    const t0 = Date.now();
    expect(await sendTelegram(telegram(), 'x', 300)).toEqual({ ok: false, status: 0, description: 'no answer within 0.3 s' });
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('reports an error answer without the token', () => {
    expect(readAnswer(401, '{"ok":false,"error_code":401,"description":"Unauthorized"}')).toEqual({ ok: false, status: 401, description: 'Unauthorized' });
    expect(readAnswer(502, '<html>Bad Gateway</html>')).toMatchObject({ ok: false, description: 'HTTP 502: <html>Bad Gateway</html>' });
  });
});
