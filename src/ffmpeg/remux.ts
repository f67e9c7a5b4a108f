// Rewrites a regular MP4 (one moov with sample tables, as the original tool and FFmpeg's plain
// `-f mp4` write) as a fragmented MP4 laid out like the recorder's segments, by stream copy: no
// frame is decoded or re-encoded, every stream is kept, the timestamps are FFmpeg's reading of the
// file (edit lists applied, so audio keeps its place beside the video).
//
// FFmpeg writes to a pipe and this process writes the file (the bytes are the same as FFmpeg
// writing it: a fragmented MP4 needs no seeking back). So a merge killed mid-remux leaves no FFmpeg
// writing on into a temporary file the next run is about to reuse: the pipe breaks and FFmpeg stops.
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { execa } from 'execa';
import { FRAGMENT_MOVFLAGS } from './args.js';
import { FFMPEG } from './tools.js';

// Writes `output` (replaced if it exists: a temporary name of the caller's); throws with FFmpeg's first error line.
export async function remuxToFragmented(input: string, output: string): Promise<void> {
  const args = ['-v', 'error', '-nostdin', '-i', input, '-map', '0', '-c', 'copy', '-f', 'mp4', '-movflags', FRAGMENT_MOVFLAGS, 'pipe:1'];
  const child = execa(FFMPEG, args, { reject: false, timeout: 300_000, buffer: { stdout: false } });
  const [, r] = await Promise.all([pipeline(child.stdout, createWriteStream(output)), child]);
  if (r.exitCode !== 0) {
    const why = String(r.stderr).trim().split('\n')[0] || r.shortMessage;
    throw new Error(`remuxing ${path.basename(input)} into a fragmented MP4 failed: ${why}`);
  }
}
