// Config files for notification and status tests: a camera whose password comes from ${CAM_PW},
// a bot token read from a file, and the canaries that must never be printed or sent.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const CANARY_PASSWORD = 'Canary-Pw-7319';
export const CANARY_TOKEN = '424242:Canary-Token-AAbbCC';
export const SECRET_ENV = { CAM_PW: CANARY_PASSWORD };

export interface NotifyConfigOptions {
  cameraUrl: string; // rtsp://127.0.0.1:<port>/cam from the simulator
  apiUrl: string;
  lostGrace: number;
  minInterval: number;
  recording?: Record<string, number>;
}

// Writes dir/config.yaml (and dir/bot-token) and returns the config's path.
export function writeNotifyConfig(dir: string, o: NotifyConfigOptions): string {
  writeFileSync(path.join(dir, 'bot-token'), CANARY_TOKEN + '\n', { mode: 0o600 });
  const url = o.cameraUrl.replace('rtsp://', 'rtsp://admin:${CAM_PW}@');
  const recording = Object.entries({ reconnect_delay: 1, ...o.recording }).map(([k, v]) => `  ${k}: ${v}`);
  const text = [
    'cameras:', '  - name: cam1', `    rtsp_url: "${url}"`, '    output_dir: cam1',
    'recording:', ...recording,
    'notify:', `  lost_grace: ${o.lostGrace}`, '  telegram:', '    bot_token_file: bot-token', '    chat_id: -100123',
    `    api_url: ${o.apiUrl}`, `    min_interval: ${o.minInterval}`,
  ].join('\n');
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, text + '\n', { mode: 0o600 });
  return file;
}

// Every text that must not hold a canary: the given outputs plus every state file under dir.
export function leakedCanaries(dir: string, texts: string[]): string[] {
  const stateFiles = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.recorder-state.json'));
  const all = [...texts, ...stateFiles.map((f) => readFileSync(path.join(dir, f), 'utf8'))];
  return [CANARY_PASSWORD, encodeURIComponent(CANARY_PASSWORD), CANARY_TOKEN].filter((canary) => all.some((t) => t.includes(canary)));
}
