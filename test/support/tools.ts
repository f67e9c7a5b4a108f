// How integration suites declare the real tools they need.
//
//   integrationDescribe('recorder', ['ffmpeg', 'ffprobe', 'camera-sim'], () => { ... });
//
// All present: an ordinary describe. Something missing: on CI (CI=true) a suite with one failing
// test that names what is missing and the apt-get command to install it; elsewhere (a developer's
// laptop) the suite is skipped with that same hint in its title.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { findOnPath } from '../../src/disk/find-program.js';
import { SIM_APT_PACKAGES } from '../../src/sim/camera-sim.js';

export type IntegrationNeed = 'ffmpeg' | 'ffprobe' | 'camera-sim' | 'systemd-sandbox' | 'faketime' | 'promtool' | 'chromium' | 'rclone' | 'sshd';

/** Debian's chromium, driven by puppeteer-core in the browser test (never a downloaded browser). */
export const CHROMIUM = '/usr/bin/chromium';

/** Debian's openssh-server sshd, run by the off-site tests on a port of their own. */
export const SSHD = '/usr/sbin/sshd';

export const CAMERA_SIM_PYTHON = '/usr/bin/python3';

/** GStreamer elements test/fixtures/camera-sim.py uses, and the Debian package of each. */
const CAMERA_SIM_ELEMENTS: Record<string, string> = {
  videotestsrc: 'gstreamer1.0-plugins-base',
  timeoverlay: 'gstreamer1.0-x',
  audiotestsrc: 'gstreamer1.0-plugins-base',
  appsrc: 'gstreamer1.0-plugins-base',
  appsink: 'gstreamer1.0-plugins-base',
  x264enc: 'gstreamer1.0-plugins-ugly',
  h264parse: 'gstreamer1.0-plugins-bad',
  rtph264pay: 'gstreamer1.0-plugins-good',
  x265enc: 'gstreamer1.0-plugins-bad',
  h265parse: 'gstreamer1.0-plugins-bad',
  rtph265pay: 'gstreamer1.0-plugins-good',
  alawenc: 'gstreamer1.0-plugins-good',
  rtppcmapay: 'gstreamer1.0-plugins-good',
  voaacenc: 'gstreamer1.0-plugins-bad',
  rtpmp4gpay: 'gstreamer1.0-plugins-good',
};

const CAMERA_SIM_PACKAGES = SIM_APT_PACKAGES;

const INSTALL: Record<IntegrationNeed, string> = {
  ffmpeg: 'sudo apt-get install -y ffmpeg',
  ffprobe: 'sudo apt-get install -y ffmpeg',
  'camera-sim': `sudo apt-get install -y ${CAMERA_SIM_PACKAGES}`,
  'systemd-sandbox': 'sudo apt-get install -y systemd util-linux, and run the tests as root',
  faketime: 'sudo apt-get install -y faketime',
  promtool: 'install/dev-setup.sh (it installs Debian\'s prometheus for promtool and keeps its server off)',
  chromium: 'sudo apt-get install -y chromium',
  rclone: 'sudo apt-get install -y rclone',
  sshd: 'install/dev-setup.sh (it installs Debian\'s openssh-server and keeps the machine\'s sshd off; the tests run their own)',
};

/** Where Debian's faketime package puts libfaketime (the directory is per architecture). */
export function libfaketimePath(): string | undefined {
  for (const dir of ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib/arm-linux-gnueabihf', '/usr/lib']) {
    const file = path.join(dir, 'faketime', 'libfaketime.so.1');
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** True if cmd is an executable file on PATH (or, if it contains a slash, at that path). */
export function which(cmd: string): boolean {
  return findOnPath(cmd) !== undefined;
}

const cache = new Map<IntegrationNeed, string | undefined>();

/** undefined if the need is satisfied here, else why not. Checked once per process. */
export function checkNeed(need: IntegrationNeed): string | undefined {
  if (!cache.has(need)) cache.set(need, probe(need));
  return cache.get(need);
}

function probe(need: IntegrationNeed): string | undefined {
  switch (need) {
    case 'ffmpeg':
    case 'ffprobe':
    case 'promtool':
      return which(need) ? undefined : `${need} is not on PATH`;
    case 'camera-sim':
      return probeCameraSim();
    case 'chromium':
      return which(CHROMIUM) ? undefined : `${CHROMIUM} is missing`;
    case 'rclone':
      return which('rclone') ? undefined : 'rclone is not on PATH';
    case 'sshd':
      return which(SSHD) && which('ssh-keygen') ? undefined : `${SSHD} or ssh-keygen is missing`;
    case 'faketime':
      return libfaketimePath() ? undefined : 'libfaketime (Debian package faketime) is not installed';
    case 'systemd-sandbox': {
      const why: string[] = [];
      if (process.getuid?.() !== 0) why.push('not running as root');
      if (!existsSync('/lib/systemd/systemd')) why.push('/lib/systemd/systemd is missing');
      for (const cmd of ['unshare', 'nsenter']) if (!which(cmd)) why.push(`${cmd} is not on PATH`);
      return why.length ? why.join(', ') : undefined;
    }
  }
}

function probeCameraSim(): string | undefined {
  if (!existsSync(CAMERA_SIM_PYTHON)) return `${CAMERA_SIM_PYTHON} is missing`;
  const script = [
    'import sys, gi',
    "gi.require_version('Gst', '1.0')",
    "gi.require_version('GstRtspServer', '1.0')",
    'from gi.repository import Gst, GstRtspServer',
    'Gst.init(None)',
    `missing = [n for n in ${JSON.stringify(Object.keys(CAMERA_SIM_ELEMENTS))} if Gst.ElementFactory.find(n) is None]`,
    "print(' '.join(missing))",
    'sys.exit(1 if missing else 0)',
  ].join('\n');
  const result = spawnSync(CAMERA_SIM_PYTHON, ['-c', script], { encoding: 'utf8', timeout: 20_000 });
  if (result.error) return `${CAMERA_SIM_PYTHON} could not run: ${result.error.message}`;
  if (result.status === 0) return undefined;
  const missing = result.stdout.trim();
  if (missing) {
    const packages = [...new Set(missing.split(/\s+/).map((element) => CAMERA_SIM_ELEMENTS[element]))].join(' ');
    return `GStreamer elements ${missing.split(/\s+/).join(', ')} are missing (from ${packages})`;
  }
  const lastLine = result.stderr.trim().split('\n').at(-1) ?? '';
  return `GStreamer's RTSP server bindings are missing for ${CAMERA_SIM_PYTHON} (${lastLine})`;
}

/** The needs that are not satisfied, each with why and how to install. */
export function missingNeeds(needs: readonly IntegrationNeed[]): Array<{ need: IntegrationNeed; why: string; install: string }> {
  const out: Array<{ need: IntegrationNeed; why: string; install: string }> = [];
  for (const need of new Set(needs)) {
    const why = checkNeed(need);
    if (why !== undefined) out.push({ need, why, install: INSTALL[need] });
  }
  return out;
}

/** describe() if every need is available; otherwise a failing suite on CI, a skipped one elsewhere. */
export function integrationDescribe(name: string, needs: IntegrationNeed[], fn: () => void): void {
  const missing = missingNeeds(needs);
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  const what = missing.map((m) => `${m.need} (${m.why})`).join('; ');
  const how = [...new Set(missing.map((m) => m.install))].join(' && ');
  if (process.env.CI === 'true') {
    describe(name, () => {
      it(`has the tools it needs: ${needs.join(', ')}`, () => {
        throw new Error(`missing ${what}. Install with: ${how}`);
      });
    });
    return;
  }
  const title = `${name} [SKIPPED: missing ${what}; install with: ${how}]`;
  console.warn(`integration suite skipped: ${title}`);
  describe.skip(title, fn);
}
