import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, locateConfig, parseConfigText } from '../../../src/config/load.js';
import { formatIssueLines } from '../../../src/config/issues.js';
import { CamsError, EXIT } from '../../../src/errors.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BAD = path.join(ROOT, 'test/fixtures/bad-configs');

// The problem lines as they are printed under the headline: each issue, then its context lines.
function issuesOf(text: string): string[] {
  const result = parseConfigText(text, '/base');
  return result.ok ? [] : result.issues.flatMap(formatIssueLines);
}

describe('bad configs', () => {
  const files = readdirSync(BAD).filter((f) => f.endsWith('.yaml')).sort();

  it('the fixture folder holds at least 15 bad configs', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  // "# expect:" is the problem line; "# then:" lines, if any, are the lines printed right below it
  // (a YAML syntax error shows its line, a caret and a hint); without them nothing is below it.
  it.each(files)('%s produces its expected problem line, and below it exactly its "# then:" lines', (file) => {
    const text = readFileSync(path.join(BAD, file), 'utf8');
    const expected = /^# expect: (.*)$/m.exec(text)?.[1];
    expect(expected, `${file} needs a "# expect:" first line`).toBeDefined();
    const lines = issuesOf(text);
    expect(lines).toContain(expected);
    const below = [...text.matchAll(/^# then: (.*)$/gm)].map((m) => m[1]);
    const after = lines.slice(lines.indexOf(expected!) + 1);
    const end = after.findIndex((l) => !/^\s/.test(l));
    const context = end === -1 ? after : after.slice(0, end);
    expect(context).toEqual(below);
  });

  it('no problem line ever shows a password', () => {
    for (const file of files) {
      for (const line of issuesOf(readFileSync(path.join(BAD, file), 'utf8'))) {
        expect(line).not.toMatch(/secret|ssw0rd|pa\/ss|pa:ss|Canary/);
      }
    }
  });
});

describe('YAML syntax errors', () => {
  it('show their line without its bot token, and one hint', () => {
    const text = 'cameras: []\nnotify:\n  telegram:\n    chat_id: 1\n   bot_token: 4242:Token-Canary-xyz\n';
    const lines = issuesOf(text);
    expect(lines.slice(0, 2)).toEqual(['line 5, column 1: YAML syntax error: All mapping items must start at the same column', '  5 |    bot_token: ***']);
    expect(lines.join('\n')).not.toContain('Token-Canary');
    expect(lines.filter((l) => l.startsWith('  hint: '))).toHaveLength(1);
  });

  it('show their line without the option values of an rclone connection string', () => {
    const text = 'cameras: []\noffsite:\n  remote: :sftp,host=nas,pass=Canary-Remote-Pass:cams\n   bwlimit: 1M\n';
    const lines = issuesOf(text);
    expect(lines.join('\n')).not.toContain('Canary');
  });
});

describe('good configs', () => {
  it('the original example config loads with every default', () => {
    const text = 'cameras:\n  - name: cam1\n    rtsp_url: rtsp://admin:pw@192.168.1.10:554/stream1\n    output_dir: ./recordings/cam1\n';
    const result = parseConfigText(text, '/etc/cams-manager');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.recording).toEqual({
      segment_duration: 2,
      retention_days: 7,
      reconnect_delay: 5,
      max_reconnect_delay: 60,
      stall_timeout: 5,
      merge_interval: 30,
      merge_delay: 120,
    });
    expect(result.config.ffmpeg).toEqual({ rtbufsize: '100M', timeout: 5_000_000 });
    expect(result.config.cameras[0]).toMatchObject({ audio: 'auto', rtsp_transport: 'tcp' });
    expect(result.config.retention).toEqual({ min_free: { bytes: 1024 ** 3, percent: 5 } });
  });

  it('the web section defaults to 127.0.0.1:8765, no users, no proxy, and an idle exit after 10 min', () => {
    const result = parseConfigText('cameras:\n  - {name: a, rtsp_url: "rtsp://h/a", output_dir: a}\n', '/x');
    expect(result.ok && result.config.web).toEqual({ listen: '127.0.0.1:8765', users: {}, trust_proxy: false, idle_exit: 600 });
  });

  it('web.idle_exit reads "90s" and web.users takes scrypt hashes', () => {
    const text = 'cameras:\n  - {name: a, rtsp_url: "rtsp://h/a", output_dir: a}\nweb:\n  idle_exit: 90s\n  users:\n    alice: scrypt$16384$8$1$c2FsdA==$aGFzaA==\n';
    const result = parseConfigText(text, '/x');
    expect(result.ok && result.config.web).toMatchObject({ idle_exit: 90, users: { alice: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==' } });
  });

  it('retention.min_free: 0 turns the free-space limit off', () => {
    const result = parseConfigText('cameras:\n  - {name: a, rtsp_url: "rtsp://h/a", output_dir: a}\nretention:\n  min_free: 0\n', '/x');
    expect(result.ok && result.config.retention.min_free).toEqual({ bytes: 0, percent: 0 });
  });

  it('relative output folders resolve against the config file\'s folder', () => {
    const result = parseConfigText('cameras:\n  - {name: a, rtsp_url: "rtsp://h/a", output_dir: rec/a}\n', '/srv/cams');
    expect(result.ok && result.config.cameras[0]!.output_dir).toBe('/srv/cams/rec/a');
  });

  it('a percent-encoded password with @ : / is accepted and decodes to the real password', () => {
    const url = 'rtsp://admin:p%40s%3As%2Fw@127.0.0.1:554/stream';
    const result = parseConfigText(`cameras:\n  - {name: a, rtsp_url: "${url}", output_dir: a}\n`, '/x');
    expect(result.ok).toBe(true);
    expect(decodeURIComponent(new URL(url).password)).toBe('p@s:s/w');
  });

  it('config.yaml.example is valid', () => {
    const config = loadConfig(path.join(ROOT, 'config.yaml.example'));
    expect(config.cameras.map((c) => c.name)).toEqual(['cam1', 'cam2']);
  });

  it('an empty file is one clear problem', () => {
    expect(issuesOf('')).toEqual(['(file): is empty; start from config.yaml.example']);
  });
});

describe('loadConfig', () => {
  it('a bad config throws one error naming the file, exit code 78, one detail per problem', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cams-config-'));
    const file = path.join(dir, 'config.yaml');
    writeFileSync(file, 'cameras: []\nrecordin: {}\n');
    const error = (() => {
      try {
        loadConfig(file);
      } catch (e) {
        return e;
      }
    })() as CamsError;
    expect(error).toBeInstanceOf(CamsError);
    expect(error.message).toBe(`config "${file}" is invalid`);
    expect(error.exitCode).toBe(EXIT.CONFIG);
    expect(error.details).toEqual(['cameras: needs at least one camera', 'recordin: unknown key (did you mean "recording"?)']);
  });

  it('a missing file is a config error naming it', () => {
    expect(() => loadConfig('/nonexistent/config.yaml')).toThrow('config "/nonexistent/config.yaml" does not exist');
  });
});

describe('locateConfig', () => {
  it('prefers -c, then $CAMS_MANAGER_CONFIG, then ./config.yaml, then ~/.config/cams-manager/config.yaml', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cams-locate-'));
    expect(locateConfig('a.yaml', {}, dir)).toEqual({ path: path.join(dir, 'a.yaml'), reason: 'from -c' });
    expect(locateConfig(undefined, { CAMS_MANAGER_CONFIG: '/e.yaml' }, dir)).toEqual({ path: '/e.yaml', reason: 'from $CAMS_MANAGER_CONFIG' });
    mkdirSync(path.join(dir, 'home/.config/cams-manager'), { recursive: true });
    writeFileSync(path.join(dir, 'home/.config/cams-manager/config.yaml'), '');
    expect(locateConfig(undefined, { HOME: path.join(dir, 'home') }, dir)).toEqual({ path: path.join(dir, 'home/.config/cams-manager/config.yaml'), reason: 'your user config' });
    writeFileSync(path.join(dir, 'config.yaml'), '');
    expect(locateConfig(undefined, { HOME: path.join(dir, 'home') }, dir).path).toBe(path.join(dir, 'config.yaml'));
  });
});
