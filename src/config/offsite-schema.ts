// The `offsite` section of the config: a copy of the footage on an rclone remote.
import { z } from 'zod';
import { checkBwlimit } from './bwlimit.js';
import { parseDuration } from './duration.js';
import { checkRcloneRemote } from './rclone-remote.js';

const DURATION_HINT = 'must be a duration like "10m", "90s" or a number of seconds';

export const OffsiteSchema = z.strictObject({
  remote: z.string().superRefine((text, ctx) => {
    const problem = checkRcloneRemote(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  rclone_config: z.string().min(1, 'must not be empty').optional(), // resolved against the config's folder; none: rclone's own
  retention_days: z.number().int().min(1).max(36500).optional(), // none: nothing is deleted from the remote for age
  bwlimit: z
    .string({ error: 'must be text like "512k" or "08:00,512k 23:00,off"' })
    .superRefine((text, ctx) => {
      const problem = checkBwlimit(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  max_lag: z
    .any()
    .transform((value: unknown, ctx) => {
      const seconds = typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined;
      if (seconds === undefined || seconds <= 0) ctx.addIssue({ code: 'custom', message: DURATION_HINT });
      return seconds ?? 0;
    })
    .default(600),
  required: z.boolean().default(false),
});

export type OffsiteConfig = z.output<typeof OffsiteSchema>;
