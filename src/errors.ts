// The one error type of cams-manager, and the exit-code table with the restart policy beside it.

/**
 * Exit codes. systemd's cams-record@.service has RestartPreventExitStatus=78: a bad config
 * fails once with its clear error; every other failure (a lost camera, a crash) is restarted.
 */
export const EXIT = {
  OK: 0, // done
  FAILURE: 1, // something failed at run time (a check, a merge); restarted by systemd
  USAGE: 64, // EX_USAGE: bad command line
  NOT_RECORDING: 3, // `status`: some camera is not recording right now
  NO_FOOTAGE: 3, // `footage`, `export`: the time range holds no footage
  UNAVAILABLE: 69, // EX_UNAVAILABLE: a needed program (FFmpeg, ffprobe, systemctl, rclone) is missing
  SOFTWARE: 70, // EX_SOFTWARE: a bug; restarted by systemd
  CANT_CREATE: 73, // EX_CANTCREAT: an output folder cannot be created or written
  TEMP_FAIL: 75, // EX_TEMPFAIL: try again later (another merge holds the lock)
  CONFIG: 78, // EX_CONFIG: bad config (also an off-site remote unknown to rclone or refusing the credentials); never restarted by systemd
  INTERRUPTED: 130, // 128 + SIGINT: `export` stopped by Ctrl-C (its unfinished file removed); `serve` by a second one
  TERMINATED: 143, // 128 + SIGTERM: `export` stopped by SIGTERM (its unfinished file removed); `serve` by a second one
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface CamsErrorOptions {
  code: string;
  exitCode: ExitCode;
  details?: string[];
  cause?: unknown;
}

// An error meant for the user: a one-line headline, optional detail lines, a stable code.
export class CamsError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly details: string[];

  constructor(message: string, options: CamsErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'CamsError';
    this.code = options.code;
    this.exitCode = options.exitCode;
    this.details = options.details ?? [];
  }
}

// Wraps any error with context ("reading config …: <original>"), keeping a CamsError's code.
export function withContext(context: string, error: unknown): CamsError {
  if (error instanceof CamsError) {
    return new CamsError(`${context}: ${error.message}`, {
      code: error.code,
      exitCode: error.exitCode,
      details: error.details,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CamsError(`${context}: ${message}`, { code: 'E_UNEXPECTED', exitCode: EXIT.FAILURE, cause: error });
}
