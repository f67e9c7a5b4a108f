// The camera simulator every integration suite records from: what it serves and how it misbehaves.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { execa } from 'execa';
import { afterAll, afterEach, expect, it } from 'vitest';
import { startCamera, stopAllCameras } from '../support/camera.js';
import { integrationDescribe } from '../support/tools.js';

interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  sample_rate?: string;
  channels?: number;
}

// ffprobe over RTSP/TCP with a bounded socket timeout (it takes ~2 s against a healthy camera).
async function probeUrl(url: string, timeoutUs = 5_000_000) {
  const r = await execa(
    'ffprobe',
    ['-v', 'error', '-rtsp_transport', 'tcp', '-timeout', String(timeoutUs), '-show_entries',
      'stream=codec_type,codec_name,width,height,sample_rate,channels', '-of', 'json', url],
    { reject: false, timeout: 30_000 },
  );
  const streams = r.exitCode === 0 ? (JSON.parse(String(r.stdout)) as { streams: ProbedStream[] }).streams : [];
  return { exitCode: r.exitCode, stderr: String(r.stderr), streams };
}

function connectOutcome(port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

// Reads url with ffmpeg (stream copy, discarded) for `seconds` of stream time.
async function readFor(url: string, seconds: number) {
  const t0 = Date.now();
  const r = await execa(
    'ffmpeg',
    ['-nostdin', '-v', 'error', '-rtsp_transport', 'tcp', '-timeout', '5000000', '-i', url, '-t', String(seconds),
      '-map', '0:v', '-c', 'copy', '-f', 'framemd5', '-'],
    { reject: false, timeout: 30_000 },
  );
  const frames = String(r.stdout).split('\n').filter((l) => /^\s*0,/.test(l)).length;
  return { exitCode: r.exitCode, frames, elapsedMs: Date.now() - t0, stderr: String(r.stderr) };
}

afterEach(stopAllCameras);
afterAll(stopAllCameras);

integrationDescribe('camera simulator', ['ffmpeg', 'ffprobe', 'camera-sim'], () => {
  it('serves H.264 video at the requested size and no audio by default', async () => {
    const camera = await startCamera({ width: 320, height: 240 });
    expect(camera.url).toBe(`rtsp://127.0.0.1:${camera.port}/cam`);
    const probe = await probeUrl(camera.url);
    expect(probe.stderr).toBe('');
    expect(probe.streams).toEqual([{ codec_type: 'video', codec_name: 'h264', width: 320, height: 240 }]);
  });

  it('serves H.265 video when asked for h265', async () => {
    const camera = await startCamera({ codec: 'h265', width: 320, height: 240 });
    const probe = await probeUrl(camera.url);
    expect(probe.stderr).toBe('');
    expect(probe.streams).toEqual([{ codec_type: 'video', codec_name: 'hevc', width: 320, height: 240 }]);
  });

  it('adds G.711 A-law audio when asked for pcma', async () => {
    const camera = await startCamera({ audio: 'pcma' });
    const probe = await probeUrl(camera.url);
    expect(probe.streams).toContainEqual({ codec_type: 'video', codec_name: 'h264', width: 640, height: 360 });
    expect(probe.streams).toContainEqual({ codec_type: 'audio', codec_name: 'pcm_alaw', sample_rate: '8000', channels: 1 });
  });

  it('adds AAC audio when asked for aac', async () => {
    const camera = await startCamera({ audio: 'aac' });
    const probe = await probeUrl(camera.url);
    expect(probe.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual(['audio:aac', 'video:h264']);
  });

  it('streams live: two readers at once each get 3 s of frames in about 3 s of wall time', async () => {
    const camera = await startCamera({ fps: 15 });
    const [a, b] = await Promise.all([readFor(camera.url, 3), readFor(camera.url, 3)]);
    for (const r of [a, b]) {
      expect(r.exitCode, r.stderr).toBe(0);
      // A reader that joins the shared stream mid-GOP drops frames until the next keyframe (1 s).
      expect(r.frames).toBeGreaterThanOrEqual(28);
      expect(r.frames).toBeLessThanOrEqual(47);
      expect(r.elapsedMs).toBeGreaterThanOrEqual(2800); // a file source would be read in a flash
    }
  });

  it('when frozen it still accepts TCP connections but a streaming reader gets no data and times out; thawed, it serves again', async () => {
    const camera = await startCamera();
    const reader = spawn(
      'ffmpeg',
      ['-nostdin', '-v', 'error', '-progress', 'pipe:1', '-rtsp_transport', 'tcp', '-timeout', '1000000', '-i', camera.url,
        '-c', 'copy', '-f', 'null', '-'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let progress = '';
    let stderr = '';
    reader.stdout.on('data', (d: Buffer) => (progress += d.toString()));
    reader.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => reader.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 15_000;
      while (!/frame=[1-9]/.test(progress) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(progress).toMatch(/frame=[1-9]/);

      camera.freeze();
      const frozenAt = Date.now();
      expect(await connectOutcome(camera.port)).toBe('connected');
      const code = await exited;
      // FFmpeg 5.1 gives up after about twice -timeout (read, then TEARDOWN), and exits 0.
      expect(Date.now() - frozenAt).toBeLessThan(8000);
      expect(stderr).toMatch(/Connection timed out/);
      expect(code).toBe(0);
    } finally {
      reader.kill('SIGKILL');
    }

    camera.thaw();
    const probe = await probeUrl(camera.url);
    expect(probe.streams.map((s) => s.codec_name)).toEqual(['h264']);
  });

  it('refuses connections once stopped', async () => {
    const camera = await startCamera();
    const pid = camera.pid;
    await camera.stop();
    expect(camera.running).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(await connectOutcome(camera.port)).toBe('ECONNREFUSED');
    const probe = await probeUrl(camera.url);
    expect(probe.exitCode).not.toBe(0);
    expect(probe.stderr).toMatch(/Connection refused/);
  });

  it('after a restart with a new size serves that size on the same port and URL', async () => {
    const camera = await startCamera({ width: 640, height: 360 });
    const { url, port } = camera;
    expect((await probeUrl(url)).streams[0]).toMatchObject({ width: 640, height: 360 });
    await camera.restart({ width: 480, height: 270 });
    expect(camera.port).toBe(port);
    expect(camera.url).toBe(url);
    expect((await probeUrl(url)).streams[0]).toMatchObject({ codec_name: 'h264', width: 480, height: 270 });
  });

  it('fails to start, with a clear message, on a port where another camera listens', async () => {
    const first = await startCamera();
    await expect(startCamera({ port: first.port })).rejects.toThrow(/already in use/);
    expect(await connectOutcome(first.port)).toBe('connected');
  });
});
