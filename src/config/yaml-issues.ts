// YAML syntax errors as config issues: "line 8, column 1: YAML syntax error: …", then the line of
// the file with a caret under the column, and a hint for the usual causes. The line is shown
// without passwords or tokens.
import { redactUrl } from '../log/redact.js';
import { CONNECTION_OPTION } from './rclone-remote.js';
import type { ConfigIssue } from './issues.js';

export interface YamlError {
  code?: string;
  message: string;
  linePos?: [{ line: number; col: number }, ...unknown[]];
}

// One issue per error; the first (the cause, usually: the others follow from it) gets the context.
export function yamlIssues(errors: readonly YamlError[], text: string): ConfigIssue[] {
  return errors.map((error, i) => {
    const headline = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const pos = error.linePos?.[0] && where(error, text, error.linePos[0]);
    const issue: ConfigIssue = { path: [pos ? `line ${pos.line}, column ${pos.col}` : 'YAML'], message: `YAML syntax error: ${headline}` };
    return i === 0 && pos ? { ...issue, context: yamlContext(error, text, pos) } : issue;
  });
}

// Where to point: the yaml library puts an unclosed quote or bracket at the end of the file (a line
// that is often empty); the user needs the line where it opens.
function where(error: YamlError, text: string, pos: { line: number; col: number }): { line: number; col: number } {
  const opener = /Missing closing "quote/.test(error.message) ? '"' : /Missing closing 'quote/.test(error.message) ? "'" : /end with a \]/.test(error.message) ? '[' : /end with a \}/.test(error.message) ? '{' : undefined;
  if (!opener) return pos;
  const lines = text.split('\n');
  for (let i = Math.min(pos.line, lines.length) - 1; i >= 0; i--) {
    const col = unclosedAt(lines[i]!, opener);
    if (col !== undefined) return { line: i + 1, col: col + 1 };
  }
  return pos;
}

// The column of an opener left open on this line (a quote with no partner, a bracket not closed).
function unclosedAt(line: string, opener: string): number | undefined {
  if (opener === '"' || opener === "'") {
    const at = [...line].flatMap((c, i) => (c === opener ? [i] : []));
    return at.length % 2 === 1 ? at.at(-1) : undefined;
  }
  const closer = opener === '[' ? ']' : '}';
  let depth = 0;
  for (let i = line.length - 1; i >= 0; i--) {
    if (line[i] === closer) depth++;
    else if (line[i] === opener && depth-- === 0) return i;
  }
  return undefined;
}

const TAB_SHOWN_AS = '→';
// A value that is a secret by its key (bot_token: …); *_file keys hold paths, not secrets.
const SECRET_VALUE = /^(\s*(?:-\s+)?(?![\w-]*_file\s*:)[\w-]*(?:token|password|secret)[\w-]*\s*:\s*)\S.*$/i;

// "8 |    output_dir: rec/cam1", "  | ^" and the hint.
function yamlContext(error: YamlError, text: string, pos: { line: number; col: number }): string[] {
  const raw = (text.split('\n')[pos.line - 1] ?? '').replace(/\r$/, '');
  const shown = showable(raw);
  const caret = Math.min(showable(raw.slice(0, pos.col - 1)).length, shown.length);
  const gutter = String(pos.line);
  return [`${gutter} | ${shown}`.trimEnd(), `${' '.repeat(gutter.length)} | ${' '.repeat(caret)}^`, `hint: ${hintFor(error, raw)}`];
}

// The line as it may be printed: URL passwords and secret values hidden, tabs visible. The line
// failed to parse, so its URL may be malformed too ("admin:my pass@", "admin:p@ss@"): everything
// between "://" and the last "@" of a URL goes, not only what a well-formed URL calls its password.
// An rclone connection string's option values (":sftp,pass=…:") go too.
function showable(line: string): string {
  return redactUrl(line.replace(ANY_USERINFO, '$1***@').replace(CONNECTION_OPTION, '$1***')).replace(SECRET_VALUE, '$1***').replaceAll('\t', TAB_SHOWN_AS);
}

const ANY_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/).*@/gi;

function hintFor(error: YamlError, line: string): string {
  if (error.code === 'TAB_AS_INDENT' || line.includes('\t')) return `YAML indents with spaces only: replace the tab (shown as ${TAB_SHOWN_AS}) with spaces`;
  if (error.code === 'DUPLICATE_KEY') return 'this key is already in the same mapping above: keep one of them';
  return 'usually the indentation (keys of one item start in one column, with spaces, no tabs), a missing "- " before a list item, or an unclosed quote';
}
