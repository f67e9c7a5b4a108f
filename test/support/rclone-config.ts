// rclone config files written by the off-site tests.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

// A password as rclone's config holds it (`rclone obscure`, fed on stdin so no command line shows it).
export function obscure(password: string): string {
  return execFileSync('rclone', ['obscure', '-'], { input: password, encoding: 'utf8' }).trim();
}

// Writes rclone.conf with these sections into dir; returns its path.
export function writeRcloneConfig(dir: string, sections: string[]): string {
  const file = path.join(dir, 'rclone.conf');
  writeFileSync(file, sections.join('\n'), { mode: 0o600 });
  return file;
}
