// The units' side of `status`: each camera's cams-record@ unit and the job timers, from one
// `systemctl show` call. null everywhere when systemd cannot be asked (no systemctl, no manager).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { unitDirectory } from '../systemd/systemctl.js';

export const TIMER_UNITS = ['cams-merge.timer', 'cams-clean.timer'] as const;
const PROPERTIES = 'Id,LoadState,ActiveState,SubState,Result,NRestarts,LastTriggerUSec,NextElapseUSecRealtime';

export interface UnitState {
  active_state: string; // active / failed / inactive / activating …
  sub_state: string;
  result: string; // success, exit-code, watchdog …
  n_restarts: number;
}

export interface TimerState {
  unit: string;
  active_state: string;
  last_run: string | null; // ISO
  next_run: string | null;
}

export interface SystemdState {
  reachable: boolean;
  error?: string;
  expected?: boolean; // when not reachable: whether units were expected here (worth saying)
  units: Map<string, UnitState | null>; // per camera; null = not installed
  timers: TimerState[]; // installed timers only
}

// Asks systemd (system or --user) about the cameras' recorder units and the timers.
export async function readSystemdState(cameras: readonly string[], user: boolean): Promise<SystemdState> {
  const names = [...cameras.map((c) => `cams-record@${c}.service`), ...TIMER_UNITS];
  const args = [...(user ? ['--user'] : []), 'show', '--timestamp=unix', '-p', PROPERTIES, ...names];
  const r = await execa('systemctl', args, { reject: false, timeout: 10_000 });
  if (r.exitCode !== 0 || !String(r.stdout).trim()) {
    const error = (r as { code?: string }).code === 'ENOENT' ? 'systemctl not found' : String(r.stderr).split('\n')[0] || `systemctl exit ${r.exitCode}`;
    return { reachable: false, error, expected: unitsExpected(user), units: new Map(cameras.map((c) => [c, null])), timers: [] };
  }
  return parseShow(String(r.stdout), cameras);
}

// Whether systemd should be there for cams-manager: this process runs under it, the machine was
// booted with it (sd_booted(3): /run/systemd/system exists), or install-units put the units here.
export function unitsExpected(user: boolean, env = process.env, exists: (file: string) => boolean = existsSync): boolean {
  if (env.INVOCATION_ID) return true;
  if (!user && exists('/run/systemd/system')) return true;
  return exists(path.join(unitDirectory(user, env), 'cams-record@.service'));
}

// Pure: `systemctl show` output (one block of Key=Value lines per unit, blank-line separated).
export function parseShow(text: string, cameras: readonly string[]): SystemdState {
  const blocks = new Map<string, Record<string, string>>();
  for (const chunk of text.split(/\n\s*\n/)) {
    const props = Object.fromEntries(chunk.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    if (props.Id) blocks.set(props.Id, props);
  }
  const installed = (id: string) => {
    const p = blocks.get(id);
    return p && p.LoadState !== 'not-found' ? p : undefined;
  };
  const units = new Map(cameras.map((c): [string, UnitState | null] => {
    const p = installed(`cams-record@${c}.service`);
    return [c, p ? { active_state: p.ActiveState ?? 'unknown', sub_state: p.SubState ?? '', result: p.Result ?? '', n_restarts: Number(p.NRestarts ?? 0) || 0 } : null];
  }));
  const timers = TIMER_UNITS.flatMap((unit): TimerState[] => {
    const p = installed(unit);
    return p ? [{ unit, active_state: p.ActiveState ?? 'unknown', last_run: unixTime(p.LastTriggerUSec), next_run: unixTime(p.NextElapseUSecRealtime) }] : [];
  });
  return { reachable: true, units, timers };
}

// "@1700000000" (--timestamp=unix) → ISO; "", "n/a", "0" → null.
function unixTime(value: string | undefined): string | null {
  const m = /^@(\d+)$/.exec(value ?? '');
  return m && Number(m[1]) > 0 ? new Date(Number(m[1]) * 1000).toISOString() : null;
}
