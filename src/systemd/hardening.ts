// Pure: the sandboxing directives shared by every cams-manager service, per manager flavour.
import { unitWord, type Directive } from './unit-text.js';

export type Flavour = 'system' | 'user';

export interface HardeningInput {
  flavour: Flavour;
  serviceUser: string; // system flavour: the dedicated user the services run as
  writablePaths: string[]; // the cameras' output folders (none for the web server: it only reads them)
  usedPaths: string[]; // everything else the service reads: node, the program, the config
}

// Directives that cost the recorder nothing; systemd/README.md gives the reason for each.
export function hardeningDirectives(input: HardeningInput): Directive[] {
  return input.flavour === 'system' ? [...systemOnly(input), ...SECCOMP_BASED] : [...SECCOMP_BASED];
}

// What a user manager cannot do for an unprivileged user (mount namespaces, capabilities, users).
function systemOnly({ serviceUser, writablePaths, usedPaths }: HardeningInput): Directive[] {
  const all = [...writablePaths, ...usedPaths];
  return [
    ['User', serviceUser],
    ['Group', serviceUser],
    ['ProtectSystem', 'strict'],
    ...(writablePaths.length > 0 ? [['ReadWritePaths', writablePaths.map((p) => `-${unitWord(p)}`).join(' ')] as const] : []),
    ['ProtectHome', all.some((p) => under(p, HOME_DIRS)) ? 'read-only' : 'yes'],
    ...(all.some((p) => under(p, TMP_DIRS)) ? [] : [['PrivateTmp', 'yes'] as const]),
    ['PrivateDevices', 'yes'],
    ['PrivateUsers', 'yes'],
    ['ProtectProc', 'invisible'],
    ['ProcSubset', 'pid'],
    ['ProtectKernelTunables', 'yes'],
    ['ProtectKernelModules', 'yes'],
    ['ProtectKernelLogs', 'yes'],
    ['ProtectControlGroups', 'yes'],
    ['ProtectClock', 'yes'],
    ['ProtectHostname', 'yes'],
    ['CapabilityBoundingSet', ''],
    ['AmbientCapabilities', ''],
    ['RemoveIPC', 'yes'],
    ['DevicePolicy', 'closed'],
  ];
}

const SECCOMP_BASED: Directive[] = [
  ['UMask', '0027'],
  ['NoNewPrivileges', 'yes'],
  ['RestrictAddressFamilies', 'AF_UNIX AF_INET AF_INET6'],
  ['RestrictNamespaces', 'yes'],
  ['RestrictRealtime', 'yes'],
  ['RestrictSUIDSGID', 'yes'],
  ['LockPersonality', 'yes'],
  ['SystemCallArchitectures', 'native'],
  ['SystemCallFilter', '@system-service'],
  ['SystemCallFilter', '~@privileged @resources'],
  ['SystemCallErrorNumber', 'EPERM'],
];

const HOME_DIRS = ['/home', '/root', '/run/user'];
const TMP_DIRS = ['/tmp', '/var/tmp'];

function under(p: string, dirs: string[]): boolean {
  return dirs.some((d) => p === d || p.startsWith(`${d}/`));
}
