// `cams-manager install-units` and `uninstall-units`: the config's systemd units, installed or removed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { execa } from 'execa';
import { CamsError, EXIT } from '../errors.js';
import { nextSteps, planInstall, planUninstall } from '../systemd/install-plan.js';
import { installedCameras, readUnits, removeUnits, systemctl, unitDirectory, writeUnits } from '../systemd/systemctl.js';
import { OFFSITE_SERVICE } from '../systemd/offsite-unit.js';
import { renderUnits, UNIT_FILES, type UnitOptions } from '../systemd/units.js';
import { createContext, type Context } from './context.js';

interface InstallOptions {
  user?: boolean;
  output?: string;
  dryRun?: boolean;
  enable?: boolean;
  now?: boolean;
  serviceUser: string;
  node?: string;
  program?: string;
  unitConfig?: string;
  cleanCalendar?: string;
}

// The program's own entry, as installed: dist/bin/cams-manager.js next to this file's dist/cli.
const ENTRY = fileURLToPath(new URL('../bin/cams-manager.js', import.meta.url));

export function registerInstallUnits(program: Command): void {
  program
    .command('install-units')
    .description('write the systemd units for the config, reload systemd and (with --enable) turn them on')
    .option('--user', 'install for your own user manager (~/.config/systemd/user), without root')
    .option('--output <dir>', 'only write the unit files into <dir>; run no systemctl')
    .option('--dry-run', 'print the units and the systemctl commands; change nothing')
    .option('--enable', 'enable cams-record@<camera> for every camera, both timers, cams-web.socket and (with offsite:) cams-offsite.service')
    .option('--now', 'with --enable: start them too')
    .option('--service-user <name>', 'system units: the user the services run as', 'cams-manager')
    .option('--node <path>', 'the node binary the units run (default: this one)')
    .option('--program <path>', 'the cams-manager.js the units run (default: this one)')
    .option('--unit-config <path>', 'the config path written into the units (default: the config loaded)')
    .addOption(new Option('--clean-calendar <spec>', 'override the clean timer\'s OnCalendar (tests)').hideHelp())
    .addHelpText('after', '\nExamples:\n  sudo cams-manager install-units --enable --now -c /etc/cams-manager/config.yaml\n  cams-manager install-units --user --enable --now')
    .action((opts: InstallOptions, command: Command) => installUnits(createContext(command), opts));
  program
    .command('uninstall-units')
    .description('stop and disable every cams-manager unit and remove the files install-units wrote')
    .option('--user', 'the units of your own user manager')
    .addHelpText('after', '\nExamples:\n  sudo cams-manager uninstall-units\n  cams-manager uninstall-units --user')
    .action((opts: { user?: boolean }) => uninstallUnits(Boolean(opts.user)));
}

async function installUnits(ctx: Context, opts: InstallOptions): Promise<void> {
  if (opts.now && !opts.enable) throw new CamsError('--now needs --enable', { code: 'E_USAGE', exitCode: EXIT.USAGE });
  const config = ctx.config();
  const serviceHome = config.offsite && !opts.user ? await homeOf(opts.serviceUser) : undefined;
  const files = renderUnits(config, unitOptions(opts, config.path, serviceHome));
  const user = Boolean(opts.user);
  const dir = opts.output ? path.resolve(opts.output) : unitDirectory(user);
  const cameras = config.cameras.map((c) => c.name);
  const managed = !opts.output && !opts.dryRun;
  const installed = opts.output ? [] : await installedCameras(dir, user);
  const plan = planInstall({ files, existing: readUnits(dir, UNIT_FILES), cameras, installedCameras: installed, enable: Boolean(opts.enable), now: Boolean(opts.now) });
  const sc = user ? 'systemctl --user' : 'systemctl';
  if (opts.dryRun) {
    for (const name of plan.write) process.stdout.write(`# ${path.join(dir, name)}\n${files[name]}\n`);
    for (const name of plan.remove) process.stdout.write(`would remove ${path.join(dir, name)}\n`);
    if (!opts.output) for (const c of [...plan.retire, ...plan.commands]) process.stdout.write(`would run: ${sc} ${c.join(' ')}\n`);
    return;
  }
  if (managed) await runAll(plan.retire, user);
  writeUnits(dir, files, plan.write);
  removeUnits(dir, plan.remove);
  for (const name of plan.write) process.stdout.write(`wrote ${path.join(dir, name)}\n`);
  for (const name of plan.remove) process.stdout.write(`removed ${path.join(dir, name)}\n`);
  if (plan.write.length === 0 && plan.remove.length === 0) process.stdout.write(`units in ${dir} are up to date\n`);
  if (!managed) return;
  await runAll(plan.commands, user);
  process.stdout.write(nextSteps({ cameras, user, unitDir: dir, enabled: Boolean(opts.enable), offsite: OFFSITE_SERVICE in files }).join('\n') + '\n');
}

async function runAll(commands: string[][], user: boolean): Promise<void> {
  for (const c of commands) {
    process.stdout.write(`${user ? 'systemctl --user' : 'systemctl'} ${c.join(' ')}\n`);
    await systemctl(c, user);
  }
}

function unitOptions(opts: InstallOptions, configPath: string, serviceHome: string | undefined): UnitOptions {
  return {
    flavour: opts.user ? 'user' : 'system',
    nodePath: path.resolve(opts.node ?? process.execPath),
    entryPath: path.resolve(opts.program ?? ENTRY),
    configPath: path.resolve(opts.unitConfig ?? configPath),
    serviceUser: opts.serviceUser,
    serviceHome,
    ...(opts.cleanCalendar ? { cleanOnCalendar: opts.cleanCalendar } : {}),
  };
}

async function uninstallUnits(user: boolean): Promise<void> {
  const dir = unitDirectory(user);
  const present = Object.entries(readUnits(dir, UNIT_FILES)).filter(([, text]) => text !== undefined).map(([name]) => name);
  const plan = planUninstall({ installedCameras: await installedCameras(dir, user), present });
  await runAll(plan.commands, user);
  removeUnits(dir, plan.remove);
  for (const name of plan.remove) process.stdout.write(`removed ${path.join(dir, name)}\n`);
  if (plan.reload) await systemctl(['daemon-reload'], user);
  if (plan.remove.length === 0) process.stdout.write(`no cams-manager units in ${dir}\n`);
}

// The home folder of a user by the system's user database (getent passwd), or undefined.
async function homeOf(user: string): Promise<string | undefined> {
  const r = await execa('getent', ['passwd', user], { reject: false });
  return r.exitCode === 0 ? String(r.stdout).split(':')[5] || undefined : undefined;
}
