// The command lines of a plain `record <camera>`, `run [--camera NAME…]` and `health [CAMERA]`,
// read without commander: what sends the process to a lean entry (record-entry.ts, run-entry.ts,
// health-entry.ts). Pure.

export interface RecordArgs {
  camera: string;
  config?: string;
  verbose: boolean;
  debug: boolean;
}

export interface RunArgs {
  cameras: string[]; // --camera, in order; all cameras when empty
  config?: string;
  verbose: boolean;
  debug: boolean;
}

export interface HealthArgs {
  camera?: string; // all cameras when not given
  config?: string;
  debug: boolean;
}

interface Plain {
  words: string[];
  cameras: string[];
  config?: string;
  verbose: boolean;
  debug: boolean;
}

// Pure: words and the global options (-c, -v, --debug) anywhere, and --camera NAME after the
// command when `camera` is allowed (before it, commander refuses it: an option of `run`, not a
// global one); undefined for anything else (help, an unknown option, a value missing), which is
// left to the full CLI, which says what is wrong as it always has.
function plainArgs(argv: readonly string[], allowCamera: boolean): Plain | undefined {
  const out: Plain = { words: [], cameras: [], verbose: false, debug: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (name: string) => (arg.startsWith(`${name}=`) ? arg.slice(name.length + 1) : arg === name ? argv[++i] : undefined);
    if (arg === '-c' || arg === '--config' || arg.startsWith('--config=')) {
      const file = value(arg === '-c' ? '-c' : '--config');
      if (!file) return undefined;
      out.config = file;
    } else if (allowCamera && out.words.length > 0 && (arg === '--camera' || arg.startsWith('--camera='))) {
      const name = value('--camera');
      if (!name) return undefined;
      out.cameras.push(name);
    } else if (arg === '-v' || arg === '--verbose') out.verbose = true;
    else if (arg === '--debug') out.debug = true;
    else if (arg.startsWith('-')) return undefined;
    else out.words.push(arg);
  }
  return out;
}

export function plainRecordArgs(argv: readonly string[]): RecordArgs | undefined {
  const plain = plainArgs(argv, false);
  if (!plain || plain.words.length !== 2 || plain.words[0] !== 'record') return undefined;
  return { camera: plain.words[1]!, ...(plain.config === undefined ? {} : { config: plain.config }), verbose: plain.verbose, debug: plain.debug };
}

export function plainRunArgs(argv: readonly string[]): RunArgs | undefined {
  const plain = plainArgs(argv, true);
  if (!plain || plain.words.length !== 1 || plain.words[0] !== 'run') return undefined;
  return { cameras: plain.cameras, ...(plain.config === undefined ? {} : { config: plain.config }), verbose: plain.verbose, debug: plain.debug };
}

export function plainHealthArgs(argv: readonly string[]): HealthArgs | undefined {
  const plain = plainArgs(argv, false);
  if (!plain || plain.words.length < 1 || plain.words.length > 2 || plain.words[0] !== 'health') return undefined;
  return { ...(plain.words[1] === undefined ? {} : { camera: plain.words[1] }), ...(plain.config === undefined ? {} : { config: plain.config }), debug: plain.debug };
}
