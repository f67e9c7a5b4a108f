// Pure: what install-units and uninstall-units change, and the systemctl commands they run.
import { OFFSITE_SERVICE } from './offsite-unit.js';
import { RECORD_TEMPLATE, recordInstance, TARGET, TIMERS } from './units.js';
import { WEB_SERVICE, WEB_SOCKET } from './web-units.js';

export interface InstallInput {
  files: Record<string, string>; // unit file name → the text it should have
  existing: Record<string, string | undefined>; // unit file name → its text on disk now
  cameras: string[]; // the config's camera names
  installedCameras: string[]; // cameras with an instance enabled or loaded now
  enable: boolean;
  now: boolean;
}

export interface InstallPlan {
  write: string[]; // new or changed unit files
  unchanged: string[];
  retire: string[][]; // systemctl arguments run before the files change: stop what the config dropped
  remove: string[]; // unit files the config no longer has (cams-offsite.service without offsite:)
  commands: string[][]; // systemctl arguments (without --user), run in order after the files changed
}

// Units written only for a part of the config: when that part goes, they are stopped, disabled and removed.
const OPTIONAL_UNITS = [OFFSITE_SERVICE];

// Writes only what differs; disables instances of cameras no longer in the config, and the
// off-site uploader once offsite: is gone.
export function planInstall(input: InstallInput): InstallPlan {
  const names = Object.keys(input.files);
  const write = names.filter((n) => input.existing[n] !== input.files[n]);
  const removed = input.installedCameras.filter((c) => !input.cameras.includes(c));
  const remove = OPTIONAL_UNITS.filter((u) => input.existing[u] !== undefined && input.files[u] === undefined);
  const retire = remove.length > 0 ? [['disable', '--now', ...remove]] : [];
  const commands: string[][] = [];
  // Always: cheap, restarts nothing, and a rerun fixes a reload that failed the first time.
  commands.push(['daemon-reload']);
  if (removed.length > 0) commands.push(['disable', '--now', ...removed.map(recordInstance)]);
  // The web socket on its own: when its address is taken, the error names it, and the recorders
  // are enabled (and started) already.
  const now = input.now ? ['--now'] : [];
  if (input.enable) commands.push(['enable', ...now, ...recordingTargets(input.cameras)], ['enable', ...now, WEB_SOCKET]);
  if (input.enable && input.files[OFFSITE_SERVICE] !== undefined) commands.push(['enable', ...now, OFFSITE_SERVICE]);
  return { write, unchanged: names.filter((n) => !write.includes(n)), retire, remove, commands };
}

export interface UninstallPlan {
  commands: string[][]; // systemctl arguments run before the files go
  remove: string[]; // unit files to delete
  reload: boolean; // daemon-reload after deleting them
}

// Stops and disables what is there (instances, timers, the web socket, the target, the web
// server), then the files go.
export function planUninstall(input: { installedCameras: string[]; present: string[] }): UninstallPlan {
  const units = [
    ...(input.present.includes(RECORD_TEMPLATE) ? input.installedCameras.map(recordInstance) : []),
    ...[...TIMERS, WEB_SOCKET, OFFSITE_SERVICE].filter((t) => input.present.includes(t)),
  ];
  const commands: string[][] = [];
  if (units.length > 0) commands.push(['disable', '--now', ...units]);
  const stop = [TARGET, WEB_SERVICE].filter((u) => input.present.includes(u));
  if (stop.length > 0) commands.push(['stop', ...stop]);
  return { commands, remove: input.present, reload: input.present.length > 0 };
}

// What `--enable` enables: every camera's recorder, both timers, the web server's socket (it
// costs nothing until a connection comes, and listens on 127.0.0.1 unless web.listen says otherwise)
// and, with offsite:, the off-site uploader.
export function enableTargets(cameras: string[], offsite = false): string[] {
  return [...recordingTargets(cameras), WEB_SOCKET, ...(offsite ? [OFFSITE_SERVICE] : [])];
}

function recordingTargets(cameras: string[]): string[] {
  return [...cameras.map(recordInstance), ...TIMERS];
}

// The lines printed after an install: the commands a user types next.
export function nextSteps(opts: { cameras: string[]; user: boolean; unitDir: string; enabled: boolean; offsite?: boolean }): string[] {
  const sc = opts.user ? 'systemctl --user' : 'systemctl';
  const jc = opts.user ? 'journalctl --user' : 'journalctl';
  const first = opts.cameras[0] ?? 'cam1';
  const targets = enableTargets(opts.cameras, opts.offsite);
  return [
    `Units are in ${opts.unitDir}.`,
    opts.enabled ? 'Enabled: ' + targets.join(' ') : 'Start recording, now and at every boot:',
    ...(opts.enabled ? [] : [`  ${sc} enable --now ${targets.join(' ')}`]),
    'Then:',
    `  ${sc} status 'cams-record@*'          # every recorder's state`,
    `  ${jc} -u cams-record@${first} -f        # one camera's log`,
    `  ${sc} restart ${TARGET}         # restart every recorder (after editing the config)`,
    `  ${sc} list-timers 'cams-*'             # when merge and clean run next`,
    `  ${sc} status ${WEB_SOCKET} ${WEB_SERVICE}   # the web server (started by the first connection)`,
    ...(opts.offsite ? [`  ${jc} -u ${OFFSITE_SERVICE} -f          # the off-site copy's log`] : []),
    ...(opts.user ? [`  loginctl enable-linger $USER                # keep recording when you log out`] : []),
  ];
}
