// Pure: cams-offsite.service, the off-site uploader (`cams-manager offsite`), written when the
// config has `offsite:`. It is the one unit that reaches the internet: it reads the recordings and
// writes only each camera's <output_dir>/.offsite/ (its state), and reads rclone's config.
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { CamsError, EXIT } from '../errors.js';
import { hardeningDirectives, type Flavour } from './hardening.js';
import { commandLine, SECRETS_FILE, unitWord, type Directive, type UnitSpec } from './unit-text.js';

export const OFFSITE_SERVICE = 'cams-offsite.service';
export const OFFSITE_FOLDER = '.offsite';

// The watchdog: the uploader pings from a timer while its event loop turns (an upload in flight is
// rclone's work, it never blocks the loop), so a minute of silence means a stuck Node.
export const OFFSITE_WATCHDOG_SEC = 60;
// systemd 252 (Debian 12) has no RestartSteps=: a fixed pause between restarts, never giving up.
export const OFFSITE_RESTART_SEC = 30;

export interface OffsiteUnitInput {
  config: Config;
  flavour: Flavour;
  serviceUser: string;
  serviceHome?: string | undefined; // system flavour: the service user's home (passwd), for rclone's own config
  usedPaths: string[]; // node, the program, the config
  execStart: string[]; // the command's words before `-c <config>`
  configPath: string;
  onFailure: Directive | null; // the Telegram failure notifier, when notify.telegram is set
}

// The unit's spec; throws E_CONFIG when the system service could not find rclone's config.
export function offsiteServiceUnit(input: OffsiteUnitInput): UnitSpec {
  const system = input.flavour === 'system';
  const outputDirs = [...new Set(input.config.cameras.map((c) => c.output_dir))];
  const stateDirs = outputDirs.map((d) => path.join(d, OFFSITE_FOLDER));
  const rcloneConfig = rcloneConfigOf(input);
  const hardening = hardeningDirectives({
    flavour: input.flavour,
    serviceUser: input.serviceUser,
    writablePaths: stateDirs,
    usedPaths: [...input.usedPaths, ...outputDirs, ...(rcloneConfig ? [rcloneConfig] : [])],
  });
  return {
    comment: `${OFFSITE_SERVICE}: copies the footage to offsite.remote with rclone, newest first (\`cams-manager offsite\`); a bad config (exit 78) stops it; a refused login is retried by the uploader every 10 min.`,
    sections: [
      ['Unit', [
        ['Description', 'cams-manager: off-site copy'],
        system ? ['Wants', 'network-online.target'] : null,
        system ? ['After', 'network-online.target'] : null,
        ['StartLimitIntervalSec', 0],
        input.onFailure,
      ]],
      ['Service', [
        ['Type', 'notify'],
        ['NotifyAccess', 'main'],
        ['EnvironmentFile', `-${SECRETS_FILE}`],
        system ? ['ExecStartPre', `+${makeStateDirs(input.serviceUser, outputDirs)}`] : null,
        ['ExecStart', commandLine([...input.execStart, '-c', input.configPath])],
        ['SyslogIdentifier', 'cams-offsite'],
        ['SyslogLevel', 'err'],
        ['Restart', 'always'],
        ['RestartSec', OFFSITE_RESTART_SEC],
        ['RestartPreventExitStatus', EXIT.CONFIG],
        ['WatchdogSec', OFFSITE_WATCHDOG_SEC],
        ['TimeoutStopSec', 25], // the upload in flight gets 10 s, then rclone 5 s before its SIGKILL
        ['KillMode', 'control-group'],
        ['Nice', 5],
        ['IOSchedulingClass', 'best-effort'],
        ['IOSchedulingPriority', 7],
        ['LimitCORE', 0],
        ...hardening,
        // setpriv (util-linux 2.38) re-applies the capabilities it has before it execs rclone, even
        // for --pdeathsig alone; capset is in @privileged. The service holds none to give (empty
        // bounding set, NoNewPrivileges), so allowing the call grants nothing.
        ['SystemCallFilter', 'capset'],
        system && rcloneConfig ? ['ReadOnlyPaths', `-${unitWord(rcloneConfig)}`] : null,
      ]],
      ['Install', [['WantedBy', system ? 'multi-user.target' : 'default.target']]],
    ],
  };
}

// The rclone config the service reads: offsite.rclone_config, else rclone's own in the service
// user's home. A user unit runs as you, with your home: rclone finds its own there.
export function rcloneConfigOf(input: Pick<OffsiteUnitInput, 'config' | 'flavour' | 'serviceUser' | 'serviceHome'>): string | undefined {
  const configured = input.config.offsite?.rclone_config;
  if (configured || input.flavour === 'user') return configured;
  const home = input.serviceHome;
  if (home && home !== '/' && home !== '/nonexistent') return path.join(home, '.config/rclone/rclone.conf');
  throw new CamsError(`offsite.rclone_config: the system units run as "${input.serviceUser}", which has no home for rclone's own config; set it, e.g. rclone_config: /etc/cams-manager/rclone.conf (readable by ${input.serviceUser})`, { code: 'E_CONFIG', exitCode: EXIT.CONFIG });
}

// ExecStartPre=+ (as root, outside the sandbox): each existing output folder gets its .offsite/
// owned by the service user, because ProtectSystem=strict leaves the folder itself read-only and
// ReadWritePaths= needs the path to exist. A missing output folder is left to the recorder.
function makeStateDirs(user: string, outputDirs: string[]): string {
  const script = `u=$1; shift; for d do if [ -d "$d" ]; then install -d -o "$u" -g "$u" -m 0750 "$d/${OFFSITE_FOLDER}" || exit 1; fi; done`;
  return commandLine(['/bin/sh', '-c', script, 'sh', user, ...outputDirs]);
}
