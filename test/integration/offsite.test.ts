// The off-site uploader (`cams-manager offsite`) as a process, against Debian's sshd (SFTP) on
// 127.0.0.1 started here, with a real rclone; footage cut from one FFmpeg encode shared by all.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CliProcess, runCli, stopAllCli, tempDir } from '../support/cli.js';
import { addSegments, filesUnder, md5, stateEvents, writeOffsiteConfig, type OffsiteSettings, type PutEvent } from '../support/offsite-footage.js';
import { descendants } from '../support/processes.js';
import { writeRcloneConfig } from '../support/rclone-config.js';
import { minuteAgo, segmentStem } from '../support/segments.js';
import { SftpServer } from '../support/sftp-server.js';
import { integrationDescribe } from '../support/tools.js';

const WRONG_PASSWORD = 'Wrong-Offsite-Pw-55e1';

let sftp: SftpServer;
let work: string;
let encode: string; // 60 s of 320x240 test pictures, cut into segments by each test
let rcloneConfig: string;
let tests = 0;

// A folder for one test: its config (cameras under it) and its own folder on the remote.
function setup(cameras: string[], offsite: Partial<OffsiteSettings> = {}): { dir: string; config: string; remoteDir: string } {
  const dir = path.join(work, `t${++tests}`);
  mkdirSync(dir, { recursive: true });
  const remoteDir = path.join(sftp.root, `t${tests}`);
  const config = writeOffsiteConfig(dir, cameras, { remote: `nas:${remoteDir}`, rcloneConfig, ...offsite });
  return { dir, config, remoteDir };
}

const cut = (outputDir: string, start: Date, seconds: number) => addSegments(outputDir, { start, seconds, source: encode });

// The remote path of a local recording ("cam1/segments/x.mp4").
const remoteOf = (camera: string, file: string) => `${camera}/${path.basename(path.dirname(file))}/${path.basename(file)}`;

integrationDescribe('off-site uploader', ['ffmpeg', 'rclone', 'sshd'], () => {
  beforeAll(async () => {
    sftp = await SftpServer.start();
    work = tempDir('cams-offsite-up-');
    rcloneConfig = writeRcloneConfig(work, [sftp.rcloneSection('nas'), sftp.rcloneSection('wrong', { password: WRONG_PASSWORD })]);
    encode = path.join(work, 'whole.mp4');
    const scratch = path.join(work, 'scratch');
    await addSegments(scratch, { start: minuteAgo(500), seconds: 60, whole: encode });
    rmSync(scratch, { recursive: true, force: true });
  }, 120_000);

  afterAll(async () => {
    await stopAllCli();
    await sftp?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('--dry-run prints the plan newest first with the lag and touches nothing; --once sends it all newest first across cameras, each file with the md5 of the local one', async () => {
    const { dir, config, remoteDir } = setup(['cam1', 'cam2']);
    const local = [...(await cut(path.join(dir, 'cam1'), minuteAgo(30), 20)), ...(await cut(path.join(dir, 'cam2'), new Date(minuteAgo(30).getTime() + 1000), 20))];

    const dry = await runCli(['offsite', '--dry-run', '-c', config]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    const uploads = dry.stdout.split('\n').filter((l) => l.startsWith('upload'));
    expect(uploads).toHaveLength(local.length);
    const planned = uploads.map((l) => l.split(/\s+/)[1]!);
    expect(planned).toEqual([...planned].sort((a, b) => (path.basename(a) < path.basename(b) ? 1 : -1)));
    expect(dry.stdout).toMatch(/^cam1: lag 30 min \d+ s|^cam1: lag 2\d min/m);
    expect(existsSync(remoteDir)).toBe(false);

    const once = await runCli(['offsite', '--once', '-c', config]);
    expect(once.exitCode, once.stderr).toBe(0);
    const puts = [...stateEvents(path.join(dir, 'cam1'), 'put'), ...stateEvents(path.join(dir, 'cam2'), 'put')].sort((a, b) => a.at - b.at);
    expect(puts.map((p) => p.path)).toEqual([...local].map((f) => remoteOf(path.basename(path.dirname(path.dirname(f))), f)).sort((a, b) => (path.basename(a) < path.basename(b) ? 1 : -1)));
    for (const file of local) {
      const there = path.join(remoteDir, remoteOf(path.basename(path.dirname(path.dirname(file))), file));
      expect(md5(there)).toBe(md5(file));
      expect(puts.find((p) => path.join(remoteDir, p.path) === there)?.hash).toBe(`md5:${md5(file)}`);
    }
    expect(filesUnder(remoteDir)).toHaveLength(local.length); // no partial left
    const again = await runCli(['offsite', '--dry-run', '-c', config]);
    expect(again.stdout).toMatch(/^cam1: lag 0 s, 0 files/m);
  }, 120_000);
});
