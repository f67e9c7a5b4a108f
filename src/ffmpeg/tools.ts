// Finds FFmpeg and ffprobe and reads their versions.
import { execa } from 'execa';
import { CamsError, EXIT } from '../errors.js';

export const FFMPEG = process.env.CAMS_FFMPEG ?? 'ffmpeg';
export const FFPROBE = process.env.CAMS_FFPROBE ?? 'ffprobe';

// "5.1.9-0+deb12u1" for `ffmpeg -version`; throws E_TOOL_MISSING when the program is absent.
export async function toolVersion(program: string): Promise<string> {
  try {
    const { stdout } = await execa(program, ['-version'], { timeout: 10_000 });
    const match = /version (\S+)/.exec(stdout.split('\n')[0] ?? '');
    return match?.[1] ?? 'unknown version';
  } catch (error) {
    throw new CamsError(`"${program}" was not found or does not run`, {
      code: 'E_TOOL_MISSING',
      exitCode: EXIT.UNAVAILABLE,
      details: ['install it: sudo apt-get install ffmpeg'],
      cause: error,
    });
  }
}
