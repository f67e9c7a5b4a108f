// Finds FFmpeg and ffprobe and reads their versions.
import { CamsError, EXIT } from '../errors.js';
import { runProgram } from '../process/run-program.js';

export const FFMPEG = process.env.CAMS_FFMPEG ?? 'ffmpeg';
export const FFPROBE = process.env.CAMS_FFPROBE ?? 'ffprobe';

// "5.1.9-0+deb12u1" for `ffmpeg -version`; throws E_TOOL_MISSING when the program is absent.
export async function toolVersion(program: string): Promise<string> {
  const result = await runProgram(program, ['-version'], { timeoutMs: 10_000 });
  if (result.exitCode !== 0) {
    throw new CamsError(`"${program}" was not found or does not run`, {
      code: 'E_TOOL_MISSING',
      exitCode: EXIT.UNAVAILABLE,
      details: ['install it: sudo apt-get install ffmpeg'],
      ...(result.failedToStart ? { cause: result.failedToStart } : {}),
    });
  }
  const match = /version (\S+)/.exec(result.stdout.split('\n')[0] ?? '');
  return match?.[1] ?? 'unknown version';
}
