// Pure: turns a unit described as sections of key/value pairs into the text of a unit file.

// Passwords can live here (root-only) instead of in the config: rtsp_url: rtsp://admin:${CAM1_PASSWORD}@…
// %E is /etc for the system manager and $XDG_CONFIG_HOME for a user manager.
export const SECRETS_FILE = '%E/cams-manager/secrets.env';

export type Directive = readonly [key: string, value: string | number];

export interface UnitSpec {
  comment: string; // the one-line header: what this unit is
  sections: ReadonlyArray<readonly [name: string, directives: ReadonlyArray<Directive | null>]>;
}

// Renders a unit: the comment, then each section; null directives are skipped.
export function renderUnit(spec: UnitSpec): string {
  const parts = [`# ${spec.comment}`];
  for (const [name, directives] of spec.sections) {
    const lines = directives.filter((d): d is Directive => d !== null).map(([key, value]) => `${key}=${value}`);
    parts.push([`[${name}]`, ...lines].join('\n'));
  }
  return parts.join('\n\n') + '\n';
}

// One word of a command line or path list, as systemd reads it (systemd.service(5) "COMMAND LINES",
// systemd.unit(5) "SPECIFIERS"): "%" → "%%", "$" → "$$", and double quotes around anything with
// blanks, quotes or backslashes, with C-style escapes inside.
export function unitWord(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (!/[\s"'\\;]/.test(escaped) && escaped !== '') return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// A command line for ExecStart=: every word quoted as needed; specifiers like %i are kept as given.
export function commandLine(words: ReadonlyArray<string | { raw: string }>): string {
  return words.map((w) => (typeof w === 'string' ? unitWord(w) : w.raw)).join(' ');
}
