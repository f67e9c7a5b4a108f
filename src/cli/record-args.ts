// The command line of a plain `record <camera>`, read without commander: what sends the process to
// the recorder's lean entry (record-entry.ts). Pure.

export interface RecordArgs {
  camera: string;
  config?: string;
  verbose: boolean;
  debug: boolean;
}

// Pure: the arguments of a plain `record <camera>` with the global options (-c, -v, --debug)
// anywhere; anything else (help, an unknown option, a missing camera) is left to the full CLI,
// which says what is wrong as it always has.
export function plainRecordArgs(argv: readonly string[]): RecordArgs | undefined {
  const words: string[] = [];
  let config: string | undefined;
  let verbose = false;
  let debug = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-c' || arg === '--config') {
      const value = argv[++i];
      if (value === undefined) return undefined;
      config = value;
    } else if (arg.startsWith('--config=')) config = arg.slice('--config='.length);
    else if (arg === '-v' || arg === '--verbose') verbose = true;
    else if (arg === '--debug') debug = true;
    else if (arg.startsWith('-')) return undefined;
    else words.push(arg);
  }
  if (words.length !== 2 || words[0] !== 'record' || config === '') return undefined;
  return { camera: words[1]!, ...(config === undefined ? {} : { config }), verbose, debug };
}
