// `cams-manager check [--probe]`: validates the config and the machine without recording.
import type { Command } from 'commander';
import { CamsError, EXIT, type ExitCode } from '../errors.js';
import { describeAudio, probeCamera, type ProbeResult } from '../ffmpeg/probe.js';
import { FFMPEG, FFPROBE, toolVersion } from '../ffmpeg/tools.js';
import { auditConfigFile } from '../config/secret-audit.js';
import { plural } from '../log/plural.js';
import { redactText, redactUrl } from '../log/redact.js';
import { loadSdNotify } from '../systemd/notify.js';
import { explainText } from '../recorder/explain.js';
import { diagnoseUnreadable } from '../recorder/diagnose.js';
import { createContext, type Context } from './context.js';
import { checkWritable } from './writable.js';
import { checkOffsiteRemote } from '../offsite/check-remote.js';

export interface Item {
  ok: boolean;
  warn?: boolean; // printed with ⚠, not counted as a failure
  label: string;
  details?: string[];
  exitCode?: ExitCode; // what this failure makes `check` exit with (default 1; a bad config 78, a folder 73)
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check the config, FFmpeg, the output folders and (with --probe) the cameras')
    .option('--probe', 'also connect to each camera and report what it sends')
    .addHelpText('after', '\nExample:\n  cams-manager check --probe -c /etc/cams-manager/config.yaml')
    .action(async (opts: { probe?: boolean }, command: Command) => {
      const summary = summarizeChecks(await runChecks(createContext(command), Boolean(opts.probe)));
      process.stdout.write(redactText(summary.line) + '\n');
      process.exitCode = summary.exitCode;
    });
}

// Pure: the last line and the exit code: 0 when all passed (warnings too), 78 when the config is
// bad (the same code the recorder exits with on it), 73 when a folder cannot be made, else 1.
export function summarizeChecks(items: readonly Item[]): { line: string; exitCode: ExitCode } {
  const failed = items.filter((i) => !i.ok);
  const warnings = items.filter((i) => i.warn).length;
  if (failed.length === 0) return { line: `All checks passed${warnings ? `, with ${plural(warnings, 'warning')}` : ''}.`, exitCode: EXIT.OK };
  const line = `${plural(failed.length, 'check')} failed${warnings ? `, ${plural(warnings, 'warning')}` : ''}.`;
  const codes = failed.map((i) => i.exitCode ?? EXIT.FAILURE);
  return { line, exitCode: codes.includes(EXIT.CONFIG) ? EXIT.CONFIG : (codes.find((c) => c !== EXIT.FAILURE) ?? EXIT.FAILURE) };
}

// Runs every check, printing each item as soon as it is known.
async function runChecks(ctx: Context, probe: boolean): Promise<Item[]> {
  const items: Item[] = [];
  const add = (item: Item) => {
    items.push(item);
    const lines = [`${item.warn ? '⚠' : item.ok ? '✔' : '✘'} ${item.label}`, ...(item.details ?? []).map((d) => `    ${d}`)];
    process.stdout.write(redactText(lines.join('\n')) + '\n');
  };
  const major = Number(process.versions.node.split('.')[0]);
  add({ ok: major >= 20, label: `Node.js ${process.version} (needs 20 or newer)` });
  for (const program of [FFMPEG, FFPROBE]) add(await toolItem(program));
  add(sdNotifyItem());
  const config = configItem(ctx, add);
  if (!config) return items;
  const exposed = auditConfigFile(config.path);
  if (exposed) add({ ok: true, warn: true, label: exposed });
  for (const camera of config.cameras) {
    const problem = await checkWritable(camera.output_dir);
    add({ ok: !problem, label: `${camera.name}: output folder ${camera.output_dir} ${problem ?? 'is writable'}`, exitCode: EXIT.CANT_CREATE });
  }
  if (config.offsite) add(await checkOffsiteRemote(config.offsite));
  if (probe) for (const camera of config.cameras) add(await probeItem(camera.name, camera.rtsp_url, config.ffmpeg.timeout, camera.rtsp_transport));
  return items;
}

async function toolItem(program: string): Promise<Item> {
  try {
    return { ok: true, label: `${program} ${await toolVersion(program)}` };
  } catch (error) {
    return { ok: false, label: `${program}: not found`, details: (error as CamsError).details };
  }
}

function sdNotifyItem(): Item {
  try {
    loadSdNotify();
    return { ok: true, label: 'sd-notify module loads (systemd notifications and watchdog)' };
  } catch (error) {
    return { ok: false, label: 'sd-notify module does not load', details: [(error as Error).message.split('\n')[0]!, 'run: npm rebuild sd-notify (needs libsystemd-dev)'] };
  }
}

function configItem(ctx: Context, add: (item: Item) => void) {
  try {
    const where = ctx.locate();
    const config = ctx.config({ secrets: 'required' });
    add({ ok: true, label: `config ${where.path} (${where.reason}) is valid: ${config.cameras.length} camera(s)` });
    return config;
  } catch (error) {
    if (!(error instanceof CamsError)) throw error;
    add({ ok: false, label: error.message, details: error.details, exitCode: error.exitCode });
    return undefined;
  }
}

async function probeItem(name: string, url: string, timeoutUs: number, transport: 'tcp' | 'udp'): Promise<Item> {
  try {
    const result = await probeCamera(url, { transport, socketTimeoutUs: timeoutUs });
    return { ok: result.video !== null, label: `${name}: ${redactUrl(url)} answers`, details: describeProbe(result) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The recorder's words for the known cases ("camera refused the login (401 …)"), FFmpeg's otherwise.
    const known = explainText(message);
    return { ok: false, label: `${name}: ${known ? `${redactUrl(url)}: ${await diagnoseUnreadable(url, known)}` : message}` };
  }
}

// Pure: the lines `check --probe` prints for one camera.
export function describeProbe(result: ProbeResult): string[] {
  const v = result.video;
  const lines = [
    v ? `video: ${v.codec} ${v.width}x${v.height}${v.fps ? ` at ${v.fps} fps` : ''}` : 'video: none (a camera without video cannot be recorded)',
    `keyframe interval: ${result.keyframeInterval === null ? 'unknown (fewer than two keyframes seen)' : `${result.keyframeInterval} s`}`,
    result.audio ? `audio: ${result.audio.codec}, ${describeAudio(result.audio.codec)}` : 'audio: none',
  ];
  return lines;
}
