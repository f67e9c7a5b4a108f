// The recorder's lean entry (src/cli/record-entry.ts) as the units run it: what it loads, what it
// says of a bad config, and the config it is handed.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { CLI, runCli, stopAllCli, tempDir, writeConfig } from '../support/cli.js';

afterEach(stopAllCli);

// What a process loads: a resolve hook (module.register) appends every ES module it resolves to a
// file, and a preload writes every CommonJS file it required at exit.
function moduleRecorder(dir: string): { flags: string[]; loaded: () => string[] } {
  const list = path.join(dir, 'modules.txt');
  writeFileSync(list, '');
  const hooks = path.join(dir, 'hooks.mjs');
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(list)}, r.url + '\\n'); return r; }\n`);
  const register = path.join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify('file://' + hooks)});\n`);
  const preload = path.join(dir, 'preload.cjs');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').appendFileSync(${JSON.stringify(list)}, Object.keys(require.cache).map((f) => 'file://' + f + '\\n').join('')));\n`);
  return { flags: ['--import', register, '--require', preload], loaded: () => readFileSync(list, 'utf8').split('\n').filter(Boolean) };
}

describe('the recorder\'s lean entry', () => {
  it('`record <camera>` loads none of yaml, zod, commander or execa (the child that validates the config does), only the bundle of its entry', async () => {
    const dir = tempDir();
    const config = writeConfig(dir, [{ name: 'cam1', url: 'rtsp://127.0.0.1:9/none' }]);
    const { flags, loaded } = moduleRecorder(dir);
    const child = spawn(process.execPath, [...flags, CLI, 'record', 'cam1', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, JOURNAL_STREAM: '' } });
    let stderr = '';
    // Past start-up (its signal handlers in place): the camera does not answer, so it says when it retries.
    await new Promise<void>((resolve) => child.stderr.on('data', (d: Buffer) => (stderr += d.toString()) && /reconnecting in/.test(stderr) && resolve()));
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    const packages = new Set(loaded().filter((u) => u.includes('/node_modules/')).map((u) => /\/node_modules\/((@[^/]+\/)?[^/]+)/.exec(u)![1]));
    expect([...packages]).toEqual([]); // sd-notify too loads only under systemd (NOTIFY_SOCKET)
    // The launcher and the bundle of the lean entry, nothing else of ours (not the full CLI).
    const ours = new Set(loaded().filter((u) => u.includes('/dist/')).map((u) => u.slice(u.indexOf('/dist/'))));
    expect([...ours].sort()).toEqual(['/dist/bin/cams-manager.js', '/dist/bin/record.cjs']);
  });

  it('a bad config or an unknown camera: the same line and exit code as the full CLI gives', async () => {
    const dir = tempDir();
    const config = writeConfig(dir, [{ name: 'cam1', url: 'rtsp://127.0.0.1:9/none' }]);
    const unknown = await runCli(['record', 'nosuch', '-c', config]);
    expect(unknown.exitCode).toBe(78);
    expect(unknown.stderr).toBe(`cams-manager: camera "nosuch" is not in config "${config}"\n  cameras there: cam1`);
    writeFileSync(config, 'cameras:\n  - name: cam1\n    rtsp_url: http://example.com/x\n');
    const bad = await runCli(['record', 'cam1', '-c', config]);
    const check = await runCli(['check', '-c', config]);
    expect(bad.exitCode).toBe(78);
    expect(check.exitCode).toBe(78);
    expect(bad.stderr).toMatch(/^cams-manager: config ".*" is invalid\n {2}.*rtsp_url/);
    for (const line of bad.stderr.split('\n')) expect(check.stdout + check.stderr).toContain(line.replace(/^cams-manager: /, '').trim());
  });

  it('record-config hands over the config as `record` validates it (secrets read), and only on a pipe', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'pw'), 'S3cret-Entry-77\n', { mode: 0o600 });
    const config = path.join(dir, 'config.yaml');
    writeFileSync(config, ['cameras:', '  - name: cam1', '    rtsp_url: rtsp://admin@127.0.0.1:9/x', '    password_file: pw', '    output_dir: cam1', 'recording:', '  retention_days: 3', ''].join('\n'));
    const handed = spawnSync(process.execPath, [CLI, 'record-config', 'cam1', '-c', config], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    expect(handed.status, String(handed.stderr)).toBe(0);
    expect(JSON.parse(String(handed.output[3]))).toEqual(JSON.parse(JSON.stringify(loadConfig(config, { secrets: 'required', onlyCamera: 'cam1' }))));
    expect(String(handed.stdout)).toBe('');
    const toFile = await runCli(['record-config', 'cam1', '-c', config]);
    expect(toFile.exitCode).toBe(64);
    expect(toFile.stderr).toBe('cams-manager: record-config writes only to the recorder\'s pipe on fd 3');
  });
});
