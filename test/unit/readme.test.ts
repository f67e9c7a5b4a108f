import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownKeys } from '../../src/config/issues.js';
import { ConfigSchema } from '../../src/config/schema.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const EXAMPLE = readFileSync(path.join(ROOT, 'config.yaml.example'), 'utf8');

// Every leaf key of config.yaml.example, commented-out ones included, as
// "recording.segment_duration" or "cameras[].name", found by indentation.
function exampleKeys(text: string): string[] {
  const keys = new Set<string>();
  const stack: Array<{ indent: number; key: string }> = [];
  for (const line of text.split('\n')) {
    const m = /^(\s*)(#\s*)?(- )?([a-z_]+):(\s|$)/.exec(line);
    if (!m || (m[2] && !/^\s*#\s+[a-z_]+:\s*(\S|$)/.test(line))) continue;
    if (m[2] && m[1]!.length === 0) continue; // a comment at the top level is prose
    const indent = m[1]!.length + (m[2] ? m[2].length - 2 : 0) + (m[3] ? 2 : 0);
    while (stack.length && stack.at(-1)!.indent >= indent) stack.pop();
    const parent = stack.map((s) => s.key).join('.');
    const key = `${parent ? parent + '.' : ''}${m[4]}`;
    keys.add(key.replace('cameras.', 'cameras[].'));
    stack.push({ indent, key: m[4]! });
  }
  // Leaf keys only: a section ("notify.telegram") is documented through its keys.
  return [...keys].filter((k) => k.includes('.') && ![...keys].some((other) => other.startsWith(`${k}.`)));
}

// Keys the schema accepts at a dotted path ("cameras[].name" → cameras, 0, name).
function inSchema(key: string): boolean {
  const parts = key.replace('[]', '.0').split('.').map((p) => (p === '0' ? 0 : p));
  const last = parts.pop() as string;
  return knownKeys(ConfigSchema, parts).includes(last);
}

// The keys listed in the README's configuration reference table.
function readmeKeys(): string[] {
  const section = README.slice(README.indexOf('## Configuration'), README.indexOf('\n## ', README.indexOf('## Configuration') + 5));
  return [...section.matchAll(/^\| `([a-z_.[\]]+)` \|/gm)].map((m) => m[1]!);
}

describe('README and config.yaml.example agree with the schema', () => {
  const keys = exampleKeys(EXAMPLE);

  it('the example has the keys one expects (the parser of this test works)', () => {
    expect(keys).toEqual(expect.arrayContaining(['cameras[].name', 'cameras[].password_file', 'recording.segment_duration', 'notify.telegram.chat_id']));
  });

  it.each(keys)('%s from config.yaml.example exists in the schema and is documented in README.md', (key) => {
    expect(inSchema(key), `${key} in the schema`).toBe(true);
    expect(readmeKeys(), `${key} in README's configuration reference`).toContain(key);
  });

  it('the README\'s configuration reference lists no key the schema lacks', () => {
    const listed = readmeKeys();
    expect(listed.length).toBeGreaterThan(15);
    for (const key of listed) expect(inSchema(key), key).toBe(true);
  });

  it('README starts with the two commands, and CI runs its test command', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(README)![1]!;
    expect(firstBlock).toMatch(/install\/dev-setup\.sh && node dist\/bin\/cams-manager\.js demo/);
    expect(firstBlock).toMatch(/^npm test\b/m);
    expect(readFileSync(path.join(ROOT, '.ci/run'), 'utf8')).toMatch(/^npm test$/m);
  });
});
