// The `notify` section of the config: where alerts go, and how patient they are.
import { z } from 'zod';

export const TelegramSchema = z.strictObject({
  bot_token: z.string().min(1, 'must not be empty'), // or bot_token_file (resolved before validation)
  bot_token_file: z.string().min(1).optional(),
  chat_id: z.union([z.number().int(), z.string().min(1)], { error: (issue) => (issue.input === undefined ? 'is required: the chat, group or channel (@name) to write to' : 'must be a chat id (a number) or a @channel name') }),
  api_url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).default('https://api.telegram.org'),
  min_interval: z.number().min(1).max(86400).default(60),
});

export const NotifySchema = z.strictObject({
  telegram: TelegramSchema.optional(),
  lost_grace: z.number().min(0).max(86400).default(30),
});

export type TelegramConfig = z.output<typeof TelegramSchema>;
export type NotifyConfig = z.output<typeof NotifySchema>;
