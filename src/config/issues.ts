// Turns zod issues into "path: message" lines, with a "did you mean" hint for unknown keys.
import { z } from 'zod';

export interface ConfigIssue {
  path: (string | number)[];
  message: string;
  context?: string[]; // lines shown below it (a YAML error: the line, a caret, a hint)
}

// "cameras[1].rtsp_url"; the whole file is "(file)".
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(file)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

export function formatIssue(issue: ConfigIssue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

// The issue's line, then its context lines indented below it.
export function formatIssueLines(issue: ConfigIssue): string[] {
  return [formatIssue(issue), ...(issue.context ?? []).map((line) => `  ${line}`)];
}

// One ConfigIssue per zod issue, unknown keys split one per key, with a hint from the schema.
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], root: z.ZodType): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(root, path);
      return issue.keys.map((key) => ({ path: [...path, key], message: unknownKeyMessage(key, known) }));
    }
    return [{ path, message: describeIssue(issue) }];
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    return `must be ${article(issue.expected)}, not ${typeName(issue.input)}`;
  }
  if (issue.code === 'invalid_value') {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return `must be at least ${String(issue.minimum)}${issue.inclusive === false ? ' (exclusive)' : ''}`;
  }
  if (issue.code === 'too_big' && issue.origin === 'number') {
    return `must be at most ${String(issue.maximum)}`;
  }
  if (issue.code === 'invalid_format' || issue.code === 'custom' || issue.code === 'too_small') {
    return issue.message;
  }
  if (issue.message.startsWith('Invalid input: expected int')) return 'must be a whole number';
  return issue.message;
}

function unknownKeyMessage(key: string, known: string[]): string {
  const guess = closest(key, known);
  const hint = guess ? `did you mean "${guess}"?` : `known keys: ${known.join(', ')}`;
  return `unknown key (${hint})`;
}

function article(expected: string): string {
  if (expected === 'object') return 'a mapping (key: value lines)';
  if (expected === 'array') return 'a list (lines starting with "- ")';
  if (expected === 'int') return 'a whole number';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 20 ? value.slice(0, 20) + '…' : value)}`;
  return `${typeof value} ${String(value)}`;
}

// The keys the schema accepts at a path (through arrays, defaults and optionals).
export function knownKeys(schema: z.ZodType, path: (string | number)[]): string[] {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const part of path) {
    if (!node) return [];
    if (node instanceof z.ZodArray && typeof part === 'number') node = unwrap(node.element as z.ZodType);
    else if (node instanceof z.ZodObject && typeof part === 'string') {
      const next: z.ZodType | undefined = (node.shape as Record<string, z.ZodType>)[part];
      node = next ? unwrap(next) : undefined;
    } else return [];
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema;
  while (node instanceof z.ZodDefault || node instanceof z.ZodOptional || node instanceof z.ZodNullable) {
    node = node.unwrap() as z.ZodType;
  }
  return node;
}

// The known key nearest to a typo, if it is near enough to be a likely meaning.
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
