// Pure: config → the text of every systemd unit cams-manager installs, keyed by file name.
import type { Config } from '../config/schema.js';
import { FAILURE_UNIT, ON_FAILURE, renderFailureUnit } from '../notify/failure-unit.js';
import { hardeningDirectives, type Flavour } from './hardening.js';
import { OFFSITE_SERVICE, offsiteServiceUnit } from './offsite-unit.js';
import { recordTimings } from './timing.js';
import { commandLine, renderUnit, SECRETS_FILE, type Directive, type UnitSpec } from './unit-text.js';
import { WEB_SERVICE, WEB_SOCKET, webServiceUnit, webSocketUnit, type WebUnitInput } from './web-units.js';
import { RECORDER_NODE_FLAGS, recorderEnvironmentLine } from '../recorder/process-env.js';

export interface UnitOptions {
  flavour: Flavour;
  nodePath: string; // absolute path of the node binary
  entryPath: string; // absolute path of dist/bin/cams-manager.js
  configPath: string; // absolute path of the config file
  serviceUser: string; // system flavour: the user the services run as
  serviceHome?: string | undefined; // system flavour: that user's home (passwd), where rclone's own config would be
  cleanOnCalendar?: string; // overrides "hourly" (tests)
}

export const RECORD_TEMPLATE = 'cams-record@.service';
export const TARGET = 'cams-manager.target';
export const TIMERS = ['cams-merge.timer', 'cams-clean.timer'] as const;
// Every file renderUnits may write: what uninstall-units removes. The failure notifier is written
// only when notify.telegram is set, the off-site uploader only when offsite is.
export const UNIT_FILES = [RECORD_TEMPLATE, TARGET, 'cams-merge.service', TIMERS[0], 'cams-clean.service', TIMERS[1], WEB_SOCKET, WEB_SERVICE, FAILURE_UNIT, OFFSITE_SERVICE] as const;


// Renders every unit; the same config and options always give the same text.
export function renderUnits(config: Config, options: UnitOptions): Record<string, string> {
  const ctx = { config, options, hardening: hardeningOf(config, options) };
  const web = webInput(ctx);
  const specs: Record<string, UnitSpec> = {
    [RECORD_TEMPLATE]: recordUnit(ctx),
    [TARGET]: targetUnit(ctx),
    'cams-merge.service': jobUnit(ctx, 'merge', 'joins finished segments into minute files (run by cams-merge.timer)'),
    'cams-merge.timer': mergeTimer(ctx),
    'cams-clean.service': jobUnit(ctx, 'clean', 'deletes recordings older than retention_days (run by cams-clean.timer)'),
    'cams-clean.timer': cleanTimer(ctx),
    [WEB_SOCKET]: webSocketUnit(web),
    [WEB_SERVICE]: webServiceUnit(web),
    ...(config.offsite ? { [OFFSITE_SERVICE]: offsiteUnit(ctx) } : {}),
  };
  const files = Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, renderUnit(spec)]));
  if (config.notify.telegram) files[FAILURE_UNIT] = renderFailureUnit(options);
  return files;
}

// The instance name of a camera's recorder: cams-record@<name>.service.
export function recordInstance(camera: string): string {
  return `cams-record@${camera}.service`;
}

interface Ctx {
  config: Config;
  options: UnitOptions;
  hardening: Directive[];
}

function hardeningOf(config: Config, o: UnitOptions): Directive[] {
  return hardeningDirectives({
    flavour: o.flavour,
    serviceUser: o.serviceUser,
    writablePaths: [...new Set(config.cameras.map((c) => c.output_dir))],
    usedPaths: [o.nodePath, o.entryPath, o.configPath],
  });
}

// The web server reads the recordings and writes nowhere: no ReadWritePaths=, the output folders
// are read-only like the rest of the system (ProtectSystem=strict).
function webInput({ config, options: o }: Ctx): WebUnitInput {
  const hardening = hardeningDirectives({
    flavour: o.flavour,
    serviceUser: o.serviceUser,
    writablePaths: [],
    usedPaths: [o.nodePath, o.entryPath, o.configPath, ...config.cameras.map((c) => c.output_dir)],
  });
  return { listen: config.web.listen, system: o.flavour === 'system', hardening, execStart: command(o, ['serve']) };
}

function offsiteUnit({ config, options: o }: Ctx): UnitSpec {
  return offsiteServiceUnit({
    config,
    flavour: o.flavour,
    serviceUser: o.serviceUser,
    serviceHome: o.serviceHome,
    usedPaths: [o.nodePath, o.entryPath, o.configPath],
    execStart: [o.nodePath, o.entryPath, 'offsite'],
    configPath: o.configPath,
    onFailure: config.notify.telegram ? ON_FAILURE : null,
  });
}

function recordUnit({ config, options: o, hardening }: Ctx): UnitSpec {
  const t = recordTimings(config);
  const system = o.flavour === 'system';
  return {
    comment: `${RECORD_TEMPLATE}: records one camera, named by the instance (cams-record@cam1), with \`cams-manager record\`.`,
    sections: [
      ['Unit', [
        ['Description', 'cams-manager: record camera %i'],
        system ? ['Wants', 'network-online.target'] : null,
        system ? ['After', 'network-online.target'] : null,
        ['PartOf', TARGET],
        ['StartLimitIntervalSec', 0],
      ]],
      ['Service', [
        ['Type', 'notify'],
        ['NotifyAccess', 'main'],
        ['EnvironmentFile', `-${SECRETS_FILE}`],
        ['Environment', recorderEnvironmentLine()],
        ['ExecStart', command(o, ['record', { raw: '%i' }], RECORDER_NODE_FLAGS)],
        ['SyslogIdentifier', 'cams-record@%i'],
        ['SyslogLevel', 'err'],
        ['Restart', 'always'],
        ['RestartSec', t.restartSec],
        ['RestartPreventExitStatus', 78],
        ['TimeoutStartSec', t.timeoutStartSec],
        ['RuntimeDirectory', 'cams-record/%i'], // where the recorder keeps its last start (start-backoff.ts)
        ['RuntimeDirectoryPreserve', 'restart'],
        ['WatchdogSec', t.watchdogSec],
        ['WatchdogSignal', 'SIGKILL'],
        ['TimeoutStopSec', t.timeoutStopSec],
        ['KillMode', 'mixed'],
        ['LimitCORE', 0],
        ...hardening,
      ]],
      ['Install', [['WantedBy', system ? 'multi-user.target' : 'default.target']]],
    ],
  };
}

function targetUnit({ config }: Ctx): UnitSpec {
  return {
    comment: `${TARGET}: every camera's recorder, to start, stop or restart them together.`,
    sections: [['Unit', [
      ['Description', 'cams-manager: all camera recorders'],
      ['Wants', config.cameras.map((c) => recordInstance(c.name)).join(' ')],
    ]]],
  };
}

function jobUnit({ config, options: o, hardening }: Ctx, job: 'merge' | 'clean', what: string): UnitSpec {
  return {
    comment: `cams-${job}.service: ${what}.`,
    sections: [
      ['Unit', [['Description', `cams-manager: ${job} recordings`], config.notify.telegram ? ON_FAILURE : null]],
      ['Service', [
        ['Type', 'oneshot'],
        ['EnvironmentFile', `-${SECRETS_FILE}`],
        ['ExecStart', command(o, [job])],
        ['SyslogIdentifier', `cams-${job}`],
        ['SyslogLevel', 'err'],
        job === 'merge' ? ['SuccessExitStatus', 75] : null,
        ['TimeoutStartSec', '30min'],
        ['Nice', 10],
        ['IOSchedulingClass', 'idle'],
        ...hardening,
      ]],
    ],
  };
}

function mergeTimer({ config }: Ctx): UnitSpec {
  const every = config.recording.merge_interval;
  return {
    comment: `cams-merge.timer: starts cams-merge.service ${every} s after each run ends (merge_interval).`,
    sections: [
      ['Unit', [['Description', `cams-manager: merge recordings every ${every} s`]]],
      ['Timer', [['OnActiveSec', every], ['OnUnitInactiveSec', every], ['AccuracySec', '1s']]],
      ['Install', [['WantedBy', 'timers.target']]],
    ],
  };
}

function cleanTimer({ options: o }: Ctx): UnitSpec {
  const when = o.cleanOnCalendar ?? 'hourly';
  return {
    comment: `cams-clean.timer: starts cams-clean.service ${when}, and at boot if a run was missed.`,
    sections: [
      ['Unit', [['Description', 'cams-manager: delete old recordings']]],
      ['Timer', [['OnCalendar', when], ['Persistent', 'yes'], ['AccuracySec', '1s']]],
      ['Install', [['WantedBy', 'timers.target']]],
    ],
  };
}

// Node (with its flags), the program, its arguments and the config.
function command(o: UnitOptions, args: Array<string | { raw: string }>, nodeFlags: readonly string[] = []): string {
  return commandLine([o.nodePath, ...nodeFlags, o.entryPath, ...args, '-c', o.configPath]);
}
