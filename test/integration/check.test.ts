import { chmodSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, it } from 'vitest';
import { startCamera } from '../support/camera.js';
import { stopEverythingAfterEachTest } from '../support/cleanup.js';
import { runCli, tempDir } from '../support/cli.js';
import { integrationDescribe } from '../support/tools.js';

stopEverythingAfterEachTest();

const CANARY = 'Zq9canary7Pw';

function config(dir: string, url: string, outputDir = 'rec/cam1'): string {
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, `cameras:\n  - name: cam1\n    rtsp_url: "${url}"\n    output_dir: ${outputDir}\n`);
  return file;
}

integrationDescribe('cams-manager check', ['ffmpeg', 'ffprobe', 'camera-sim'], () => {
  it('passes on a good setup, listing Node, FFmpeg, ffprobe, sd-notify, the config and the output folder', async () => {
    const dir = tempDir();
    const r = await runCli(['check', '-c', config(dir, `rtsp://admin:${CANARY}@127.0.0.1:9/cam`)]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/✔ Node\.js v\d+/);
    expect(r.stdout).toMatch(/✔ ffmpeg \d/);
    expect(r.stdout).toMatch(/✔ ffprobe \d/);
    expect(r.stdout).toMatch(/✔ sd-notify module loads/);
    expect(r.stdout).toMatch(/✔ config .*config\.yaml \(from -c\) is valid: 1 camera/);
    expect(r.stdout).toMatch(/✔ cam1: output folder .*rec\/cam1 is writable/);
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });

  it('a warning passes (exit 0) and the last line counts it', async () => {
    const dir = tempDir();
    const file = config(dir, `rtsp://admin:${CANARY}@127.0.0.1:9/cam`);
    chmodSync(file, 0o644);
    const r = await runCli(['check', '-c', file]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^⚠ config holds a literal password \(cameras\[0\]\.rtsp_url\) and every user can read it/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('All checks passed, with 1 warning.');
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });

  it('names the failing item: an output folder that cannot be created', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a-file'), '');
    const r = await runCli(['check', '-c', config(dir, 'rtsp://127.0.0.1:9/cam', 'a-file/cam1')]);
    expect(r.exitCode).toBe(73);
    expect(r.stdout).toMatch(/✘ cam1: output folder .*a-file\/cam1 cannot be created: ".*a-file" is a file, not a folder$/m);
    expect(r.stdout).toMatch(/^1 check failed\.$/m);
  });

  it('names the failing item: a bad config, with its problem line and never its password', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'config.yaml');
    writeFileSync(file, `cameras:\n  - name: cam1\n    rtsp_url: "rtsp://admin:${CANARY}@127.0.0.1/cam"\n    output_dir: rec\n    audio: loud\n`);
    const r = await runCli(['check', '-c', file]);
    expect(r.exitCode).toBe(78);
    expect(r.stdout).toContain(`✘ config "${file}" is invalid`);
    expect(r.stdout).toContain('cameras[0].audio: must be one of "auto", "copy", "aac", "none"');
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });

  it('--probe reports H.264 and G.711 audio that needs transcoding, from the camera simulator', async () => {
    const camera = await startCamera({ audio: 'pcma', width: 640, height: 360, fps: 15, gop: 15 });
    const dir = tempDir();
    const url = camera.url.replace('rtsp://', `rtsp://admin:${CANARY}@`);
    const r = await runCli(['check', '--probe', '-c', config(dir, url)]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/✔ cam1: rtsp:\/\/admin:\*\*\*@127\.0\.0\.1:\d+\/cam answers/);
    expect(r.stdout).toContain('video: h264 640x360 at 15 fps');
    expect(r.stdout).toContain('keyframe interval: 1 s');
    expect(r.stdout).toContain('audio: pcm_alaw, needs transcoding to AAC (cannot be copied into MP4)');
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });

  it('--probe names a camera that does not answer, without its password', async () => {
    const dir = tempDir();
    const r = await runCli(['check', '--probe', '-c', config(dir, `rtsp://admin:${CANARY}@127.0.0.1:9/cam`)]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/✘ cam1: rtsp:\/\/admin:\*\*\*@127\.0\.0\.1:9\/cam: camera unreachable: connection refused$/m);
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });

  it('--probe says a camera that accepts the connection but never answers sent nothing, and names a web server on the RTSP port', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => void sockets.add(socket)); // accepts, never writes
    const web = net.createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')));
    await Promise.all([silent, web].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
    try {
      const port = (s: net.Server) => (s.address() as net.AddressInfo).port;
      const dir = tempDir();
      const quiet = await runCli(['check', '--probe', '-c', config(dir, `rtsp://admin:${CANARY}@127.0.0.1:${port(silent)}/cam`)]);
      expect(quiet.stdout).toMatch(/✘ cam1: rtsp:\/\/admin:\*\*\*@127\.0\.0\.1:\d+\/cam: the camera accepted the connection but sent nothing/);
      const wrongPort = await runCli(['check', '--probe', '-c', config(dir, `rtsp://admin:${CANARY}@127.0.0.1:${port(web)}/cam`)]);
      expect(wrongPort.stdout).toContain('the camera\'s port answers, but not in RTSP ("HTTP/1.1 400 Bad Request"): is the port right?');
      expect(quiet.stdout + wrongPort.stdout).not.toContain(CANARY);
    } finally {
      for (const socket of sockets) socket.destroy();
      for (const s of [silent, web]) s.close();
    }
  });
});
