// Rewrites a regular MP4 (one moov with sample tables, as the original tool and FFmpeg's plain
// `-f mp4` write) as a fragmented MP4 laid out like the recorder's segments, by stream copy: no
// frame is decoded or re-encoded, every stream is kept, the timestamps are FFmpeg's reading of the
// file (edit lists applied, so audio keeps its place beside the video).
import { execa } from 'execa';
import path from 'node:path';
import { FRAGMENT_MOVFLAGS } from './args.js';
import { FFMPEG } from './tools.js';

// Writes `output` (replaced if it exists: a temporary name of the caller's); throws with FFmpeg's first error line.
export async function remuxToFragmented(input: string, output: string): Promise<void> {
  const args = ['-v', 'error', '-nostdin', '-y', '-i', input, '-map', '0', '-c', 'copy', '-f', 'mp4', '-movflags', FRAGMENT_MOVFLAGS, output];
  const r = await execa(FFMPEG, args, { reject: false, timeout: 300_000 });
  if (r.exitCode !== 0) {
    const why = String(r.stderr).trim().split('\n')[0] || (r.timedOut ? 'timed out' : `exit ${r.exitCode}`);
    throw new Error(`remuxing ${path.basename(input)} into a fragmented MP4 failed: ${why}`);
  }
}
