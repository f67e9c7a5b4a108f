// `cams-manager export` over real recordings (FFmpeg-made segments, merged and not), checked with
// ffprobe and by the pictures: exact start, gaps kept at their length, one file or one per run.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, runCli, tempDir, writeConfig } from '../support/cli.js';
import { decodeErrors, packetsByTrack, packetTimes, subtitleCues, type Packet, type SubtitleCue } from '../support/media.js';
import { readRegularTables } from '../support/read-regular-tables.js';
import { childBoxes } from '../../src/mp4/boxes.js';
import { makeSegments } from '../support/segments.js';
import { integrationDescribe } from '../support/tools.js';
import { formatInstant, formatTimestamp } from '../../src/time/local-time.js';
import { segmentFileName } from '../../src/recorder/naming.js';
import { recordSegmentTime } from '../../src/recorder/segment-times.js';
import { withTimeZone } from '../support/time-zone.js';

let config: string;
let out: string;
let t0: Date; // yesterday 10:00:00, local
const wholes: string[] = []; // the two encodes the footage was cut from: 90 s from t0, 30 s from t0 + 100 s
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const made: string[] = []; // folders of recordings and exports, removed at the end
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const typed = (seconds: number) => formatInstant(at(seconds).getTime(), true).replace(/ ([+-]\d{4})$/, '$1'); // "2026-11-29 10:00:30.500+0100"

// A small grey thumbnail of the frame shown at `seconds` into a file (`absolute`: at that
// timestamp, not that long after the file's first one).
async function pictureAt(file: string, seconds: number, absolute = false): Promise<Buffer> {
  const r = await execa('ffmpeg', ['-v', 'error', ...(absolute ? ['-seek_timestamp', '1'] : []), '-ss', String(seconds), '-i', file, '-frames:v', '1', '-vf', 'scale=16:12,format=gray', '-f', 'rawvideo', '-'], { encoding: 'buffer' });
  return Buffer.from(r.stdout as Uint8Array);
}

function moovOf(file: Buffer): Buffer {
  const moov = childBoxes(file).find((b) => b.type === 'moov')!;
  return file.subarray(moov.start, moov.start + moov.size);
}

// How far each cue's text ("2026-11-29 10:00:30 +01:00", the second it names) is from the true
// instant of its place in a file that starts at `start`: its start, or `start` itself for the first.
function cueErrors(cues: SubtitleCue[], start: number): number[] {
  return cues.map((c) => Math.abs(Math.max(Date.parse(c.text.replace(' ', 'T').replace(' ', '')), start) - (start + c.start * 1000)));
}

async function probe(file: string): Promise<{ duration: number; creation: string; streams: Array<{ codec_type: string; start_time: string; duration: string }> }> {
  const r = await execa('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:format_tags=creation_time:stream=codec_type,start_time,duration', '-of', 'json', file]);
  const json = JSON.parse(String(r.stdout)) as { format: { duration: string; tags?: { creation_time?: string } }; streams: Array<{ codec_type: string; start_time: string; duration: string }> };
  return { duration: Number(json.format.duration), creation: json.format.tags?.creation_time ?? '', streams: json.streams };
}

integrationDescribe('export: one file of a time range, by stream copy', ['ffmpeg', 'ffprobe'], () => {
  beforeAll(async () => {
    const dir = tempDir('cams-export-');
    out = mkdtempSync(path.join(tmpdir(), 'cams-export-out-'));
    made.push(dir, out);
    config = writeConfig(dir, [{ name: 'cam1', url: 'rtsp://127.0.0.1:8554/none', dir: 'cam1' }], { merge_delay: 0 });
    const now = new Date();
    t0 = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1, 10, 0, 0);
    const segments = path.join(dir, 'cam1', 'segments');
    for (const [i, [start, seconds]] of [[0, 90], [100, 30]].entries()) {
      wholes.push(path.join(dir, `whole${i}.mp4`));
      await makeSegments(segments, { start: at(start!), seconds: seconds!, whole: wholes[i] });
      if (i === 0) expect((await runCli(['merge', '-c', config, '--all'])).exitCode).toBe(0); // the first 90 s merged, the rest not
    }
    await makeSegments(segments, { start: at(130), seconds: 10, size: '640x480' });
    // Then the camera's frame rate changes: the same format in name, other codec settings (SPS, timescale).
    await makeSegments(segments, { start: at(140), seconds: 6, size: '640x480', fps: 25 });
  }, 180_000);

  it('exports merged minutes and segments across a gap into one MP4 that starts exactly at --from and keeps the gap', async () => {
    const file = path.join(out, 'one.mp4');
    const r = await runCli(['export', 'cam1', '-c', config, '--from', typed(30.5), '--to', typed(125), '-o', file]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 gap \(10 s\) kept/);
    expect(await decodeErrors(file)).toBe('');
    const info = await probe(file);
    expect(info.duration).toBeCloseTo(94.5, 1);
    expect(Date.parse(info.creation)).toBe(Math.floor(at(30.5).getTime() / 1000) * 1000); // MP4 keeps whole seconds
    expect(info.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    for (const s of info.streams) expect(Number(s.start_time)).toBeCloseTo(0, 1);
    // The first frame shown is the one recorded at --from (the frame at 30.533 s of the first encode),
    // and after the 10 s gap comes the first frame of the second encode, at 69.5 s into the file.
    expect(await pictureAt(file, 0)).toEqual(await pictureAt(wholes[0]!, 30.5));
    expect(await pictureAt(file, 69.5)).toEqual(await pictureAt(wholes[1]!, 0));
    expect(await pictureAt(file, 94)).toEqual(await pictureAt(wholes[1]!, 24.5));
    const pts = (await packetTimes(file)).video!;
    expect(pts.filter((t) => t >= 0).length).toBeGreaterThan(0);
  });

  it('--timestamps adds a subtitle track shown by default whose every cue says the true local time of its place in the file, the gap included', async () => {
    const file = path.join(out, 'stamped.mp4');
    const r = await runCli(['export', 'cam1', '-c', config, '--from', typed(30.5), '--to', typed(125), '-o', file, '--timestamps']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await decodeErrors(file)).toBe('');
    const streams = await execa('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name:stream_disposition=default', '-of', 'json', file]);
    expect(JSON.parse(String(streams.stdout)).streams).toContainEqual({ codec_type: 'subtitle', codec_name: 'mov_text', disposition: { default: 1 } });
    const cues = await subtitleCues(file);
    expect(cues.length).toBe(95); // 0.5 s, then 94 whole seconds: 10 of them in the gap
    expect(cues[0]).toEqual({ start: 0, end: 0.5, text: formatTimestamp(at(30.5).getTime()) });
    expect(cues.at(-1)).toEqual({ start: 93.5, end: 94.5, text: formatTimestamp(at(124).getTime()) });
    expect(Math.max(...cueErrors(cues, at(30.5).getTime()))).toBeLessThanOrEqual(200);
    cues.slice(1).forEach((c, i) => expect(c.start, c.text).toBe(cues[i]!.end)); // one after another, never overlapping
    expect(await pictureAt(file, 69.5)).toEqual(await pictureAt(wholes[1]!, 0)); // the video is as without them
    // A fragmented export carries the same cues. (FFmpeg 5.1 reads no duration for a fragmented
    // file's subtitles, its own too, and its srt muxer then shifts them: their times are compared.)
    const fragmented = path.join(out, 'stamped-fragmented.mp4');
    const f = await runCli(['export', 'cam1', '-c', config, '--from', typed(30.5), '--to', typed(125), '-o', fragmented, '--timestamps', '--format', 'fmp4']);
    expect(f.exitCode, f.stderr).toBe(0);
    expect(await decodeErrors(fragmented)).toBe('');
    const pts = await execa('ffprobe', ['-v', 'error', '-select_streams', 's', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', fragmented]);
    expect(String(pts.stdout).trim().split('\n').map(Number)).toEqual(cues.map((c) => c.start));
  });

  it('--split writes one file per run; a range across a change of resolution asks for it', async () => {
    const across = await runCli(['export', 'cam1', '-c', config, '--from', typed(80), '--to', typed(140), '-o', path.join(out, 'across.mp4')]);
    expect(across.exitCode).toBe(64);
    expect(across.stderr.trim().split('\n')[0]).toMatch(/is in 2 formats .*: export it with --split, one file per run/);
    const split = await runCli(['export', 'cam1', '-c', config, '--from', typed(80), '--to', typed(140), '-o', path.join(out, 'split.mp4'), '--split']);
    expect(split.exitCode, split.stderr).toBe(0);
    const files = ['split-1.mp4', 'split-2.mp4', 'split-3.mp4'].map((n) => path.join(out, n));
    const durations = [];
    for (const f of files) {
      expect(await decodeErrors(f)).toBe('');
      durations.push((await probe(f)).duration);
    }
    expect(durations.map((d) => Math.round(d))).toEqual([10, 30, 10]);
  });

  it('--split also splits a run where the codec settings change at the same size; without it, the line names the file', async () => {
    const args = ['export', 'cam1', '-c', config, '--from', typed(132), '--to', typed(145)];
    const whole = await runCli([...args, '-o', path.join(out, 'rate.mp4')]);
    expect(whole.exitCode).toBe(64);
    expect(whole.stderr.trim().split('\n')[0]).toMatch(/segments\/.*\.mp4 was recorded with other codec settings than the footage before it: export with --split/);
    const split = await runCli([...args, '-o', path.join(out, 'rate.mp4'), '--split']);
    expect(split.exitCode, split.stderr).toBe(0);
    const durations = [];
    for (const f of ['rate-1.mp4', 'rate-2.mp4'].map((n) => path.join(out, n))) {
      expect(await decodeErrors(f)).toBe('');
      durations.push((await probe(f)).duration);
    }
    expect(durations.map((d) => Math.round(d))).toEqual([8, 5]);
    expect(existsSync(path.join(out, 'rate-3.mp4'))).toBe(false);
  });

  it('never overwrites a file without --force, and replaces it whole with it', async () => {
    const file = path.join(out, 'taken.mp4');
    writeFileSync(file, 'mine');
    const args = ['export', 'cam1', '-c', config, '--from', typed(10), '--to', typed(20), '-o', file];
    const refused = await runCli(args);
    expect(refused.exitCode).toBe(73);
    expect(refused.stderr).toMatch(/already exists: nothing is overwritten \(give another -o, or --force to replace it\)/);
    expect((await runCli([...args, '--force'])).exitCode).toBe(0);
    expect((await probe(file)).duration).toBeCloseTo(10, 1);
    // Never onto the recordings themselves, even with --force.
    const onto = await runCli(['export', 'cam1', '-c', config, '--from', typed(10), '--to', typed(20), '-o', path.join(path.dirname(config), 'cam1', 'merged', 'x.mp4'), '--force']);
    expect(onto.exitCode).toBe(64);
    expect(onto.stderr).toMatch(/is inside the recordings of cam1 .*: write the export elsewhere/);
  });

  it('--format fmp4 writes the same export as fragments, one per keyframe: it decodes, has the mp4 export\'s headers, edit lists and creation time, the same packets, and the same pictures from --from on', async () => {
    const range = ['export', 'cam1', '-c', config, '--from', typed(30.5), '--to', typed(125)];
    const [regular, fragmented] = [path.join(out, 'same.mp4'), path.join(out, 'frag.mp4')];
    expect((await runCli([...range, '-o', regular])).exitCode).toBe(0);
    const r = await runCli([...range, '--format', 'fmp4', '-o', fragmented]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 gap \(10 s\) kept/);
    expect(await decodeErrors(fragmented)).toBe('');
    expect((await probe(fragmented)).creation).toBe((await probe(regular)).creation);
    // The same movie: timescales, durations and the edit lists that start it exactly at --from.
    const [ta, tb] = [regular, fragmented].map((f) => readRegularTables(moovOf(readFileSync(f))));
    const headers = (t: typeof ta) => ({ timescale: t!.timescale, duration: t!.duration, tracks: t!.tracks.map(({ id, tkhdDuration, timescale, mdhdDuration, edits }) => ({ id, tkhdDuration, timescale, mdhdDuration, edits })) });
    expect(headers(tb)).toEqual(headers(ta));
    expect(tb!.tracks.flatMap((t) => t.samples)).toEqual([]); // the samples are in the fragments
    // ffprobe reads from the fragments the packets of the regular file: sizes, keyframes, durations
    // (from a regular file, FFmpeg leaves out an audio packet wholly past the end of its edit).
    const [pa, pb] = [await packetsByTrack(regular), await packetsByTrack(fragmented)];
    const relative = (packets: Packet[]) => packets.map((p) => ({ size: p.size, key: p.key, dts: p.dts - packets[0]!.dts }));
    for (const [track, packets] of pa) {
      expect(relative(pb.get(track)!).slice(0, packets.length), `track ${track}`).toEqual(relative(packets));
      expect(pb.get(track)!.length - packets.length).toBeLessThanOrEqual(track === 1 ? 0 : 2);
    }
    // FFmpeg 5.1 applies a fragmented file's edit list as a shift only: --from is at time 0, the
    // lead-in from the keyframe before it at negative times (a regular MP4's lead-in is hidden).
    const [video] = tb!.tracks;
    expect(Number((await probe(fragmented)).streams.find((s) => s.codec_type === 'video')!.start_time)).toBeCloseTo(-video!.edits[0]!.mediaTime / video!.timescale, 3);
    // (At a frame of the regular file: FFmpeg shifts its timeline to a frame, so the two differ by less than one.)
    const shown = (await packetTimes(regular)).video!;
    for (const target of [0, 69.5, 94]) {
      const seconds = shown.find((t) => t >= target)!;
      expect(await pictureAt(fragmented, seconds, true), `${seconds} s`).toEqual(await pictureAt(regular, seconds));
    }
    // ftyp, moov, then a moof + mdat per keyframe.
    const boxes = childBoxes(readFileSync(fragmented)).map((x) => x.type);
    const keyframes = pa.get(1)!.filter((p) => p.key).length;
    expect(boxes.slice(0, 2)).toEqual(['ftyp', 'moov']);
    expect(boxes.slice(2)).toEqual(Array.from({ length: keyframes }, () => ['moof', 'mdat']).flat());
  });

  it('a gap that does not last a whole number of frames (a camera\'s, timed to the millisecond) still gives a file FFmpeg decodes without a timestamp error and reads at its frame rate, in both formats', async () => {
    // A camera of its own: 6 s, then 5 s later (by the recorder's segment times, to the ms) the next run.
    const dir = tempDir('cams-export-ms-');
    made.push(dir);
    const camConfig = writeConfig(dir, [{ name: 'cam2', url: 'rtsp://127.0.0.1:8554/none', dir: 'cam2' }], { merge_delay: 0 });
    const cam2 = path.join(dir, 'cam2');
    await makeSegments(path.join(cam2, 'segments'), { start: at(0), seconds: 6 });
    const after = await makeSegments(path.join(cam2, 'segments'), { start: at(11), seconds: 6 });
    // Late by 0.39 s, the gap was 81.9 frames long and FFmpeg took the mp4 for 240 fps; by 0.06 s,
    // 76.9 frames and the fmp4 for 14.8 fps: either way it gave frames the same timestamp.
    for (const late of [0.39, 0.06]) {
      for (const [i, name] of after.entries()) await recordSegmentTime(cam2, name, { name, start: at(11 + late + 2 * i).getTime(), end: at(13 + late + 2 * i).getTime(), run: `late-${late}` });
      for (const format of ['mp4', 'fmp4']) {
        const file = path.join(out, `late-${late}.${format}.mp4`);
        // From 5 s: the first seconds of frames, from which FFmpeg guesses the frame rate, hold the gap.
        const r = await runCli(['export', 'cam2', '-c', camConfig, '--from', typed(5), '--to', typed(16), '--format', format, '-o', file]);
        expect(r.exitCode, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/1 gap \(5 s\) kept/);
        expect(await decodeErrors(file), `${late} s late, ${format}`).toBe('');
        const rate = await execa('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'stream=r_frame_rate', '-of', 'csv=p=0', file]);
        expect(String(rate.stdout).trim(), `${late} s late, ${format}`).toBe('15/1');
      }
    }
  });

  it('-o - writes the export to standard output (fmp4 or mp4, the same bytes as a file), the summary to stderr, and ffprobe reads it from the pipe', async () => {
    const range = ['export', 'cam1', '-c', config, '--from', typed(30.5), '--to', typed(125), '--format', 'fmp4'];
    const piped = await execa(process.execPath, [CLI, ...range, '-o', '-'], { encoding: 'buffer', env: { JOURNAL_STREAM: '' } });
    expect(Buffer.from(piped.stderr as Uint8Array).toString()).toMatch(/^standard output: .*1 gap \(10 s\) kept/m);
    const file = path.join(out, 'piped.mp4');
    expect((await runCli([...range, '-o', file])).exitCode).toBe(0);
    expect(Buffer.from(piped.stdout as Uint8Array).equals(readFileSync(file))).toBe(true);
    const probed = await execa(process.execPath, [CLI, ...range, '-o', '-'], { env: { JOURNAL_STREAM: '' } }).pipe('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', '-i', '-']);
    expect(Number(probed.stdout)).toBe((await probe(file)).duration);
    // The regular MP4 is written front to back too: -o - takes it as well.
    const regular = await execa(process.execPath, [CLI, ...range.slice(0, -2), '-o', '-'], { encoding: 'buffer', env: { JOURNAL_STREAM: '' } });
    expect((await runCli([...range.slice(0, -2), '-o', path.join(out, 'piped-regular.mp4')])).exitCode).toBe(0);
    expect(Buffer.from(regular.stdout as Uint8Array).equals(readFileSync(path.join(out, 'piped-regular.mp4')))).toBe(true);
  });

  it('a reader that closes the pipe early ends the export quietly, exit 0; -o - onto a terminal or with --split is refused', async () => {
    const range = ['export', 'cam1', '-c', config, '--from', typed(0), '--to', typed(125), '--format', 'fmp4', '-o', '-'];
    const cut = await execa(process.execPath, [CLI, ...range], { env: { JOURNAL_STREAM: '' }, reject: false, encoding: 'buffer' }).pipe('head', ['-c', '1000'], { encoding: 'buffer' });
    expect(Buffer.from(cut.stdout as Uint8Array).length).toBe(1000);
    const exporter = cut.pipedFrom[0]!;
    expect(exporter.exitCode).toBe(0);
    expect(Buffer.from(exporter.stderr as Uint8Array).toString()).not.toMatch(/error|EPIPE/i);
    // Never onto a terminal (script gives the command one).
    const onTerminal = await execa('script', ['-qec', [process.execPath, CLI, ...range].map((a) => `'${a}'`).join(' '), '/dev/null'], { reject: false, env: { JOURNAL_STREAM: '' } });
    expect(onTerminal.exitCode).toBe(64);
    expect(String(onTerminal.stdout).trim()).toBe('cams-manager: -o - writes the video to standard output, which is a terminal here: pipe it into a player or a file (… -o - | ffplay -)');
    const split = await runCli([...range, '--split']);
    expect(split.exitCode).toBe(64);
    expect(split.stderr.trim()).toBe('cams-manager: --split writes one file per run: give -o a file name, not - (standard output)');
  });

  it('a fragmented export cut short still plays its whole fragments: cut in media data as a file, cut anywhere through a pipe', async () => {
    const file = path.join(out, 'cut.mp4');
    expect((await runCli(['export', 'cam1', '-c', config, '--from', typed(10), '--to', typed(50), '--format', 'fmp4', '-o', file])).exitCode).toBe(0);
    const whole = readFileSync(file);
    const moofs = childBoxes(whole).filter((x) => x.type === 'moof');
    const half = Math.floor(moofs.length / 2);
    const keyframes = (await packetsByTrack(file)).get(1)!.filter((p) => p.key);
    const framesBefore = (await packetsByTrack(file)).get(1)!.filter((p) => p.dts < keyframes[half]!.dts).length;
    expect(framesBefore).toBeGreaterThan(15 * 15); // at 15 fps, more than 15 of the 40 s
    const videoFrames = async (input: string, stdin?: Buffer) => Number((await execa('ffprobe', ['-v', 'quiet', '-count_frames', '-select_streams', 'v', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', '-i', input], stdin ? { input: stdin } : {})).stdout);
    // Cut in the media data of a fragment (where nearly every byte is): the fragments before it play.
    writeFileSync(file, whole.subarray(0, moofs[half]!.start + moofs[half]!.size + 2000));
    expect(await videoFrames(file)).toBeGreaterThanOrEqual(framesBefore);
    expect((await execa('ffmpeg', ['-v', 'quiet', '-nostdin', '-i', file, '-f', 'null', '-'], { reject: false })).exitCode).toBe(0);
    // Cut inside a moof: FFmpeg 5.1 reads every moof of a file when it opens it, so only a pipe plays it.
    expect(await videoFrames('-', whole.subarray(0, moofs[half]!.start + 100))).toBe(framesBefore);
  });

  it('a --format other than mp4 and fmp4 is one line naming it and both that work, exit 64', async () => {
    const r = await runCli(['export', 'cam1', '-c', config, '--from', typed(10), '--to', typed(20), '--format', 'mkv']);
    expect(r.exitCode).toBe(64);
    expect(r.stderr.trim()).toBe('cams-manager: --format "mkv" is not a format: use mp4 or fmp4');
  });

  it.each([
    [['cam9', '--from', '10:00', '--to', '10:05'], 78, /^cams-manager: camera "cam9" is not in config ".*"$/],
    [['cam1', '--from', '10:05', '--to', '10:00'], 64, /^cams-manager: --to \(10:00\) is not after --from \(10:05\)$/],
    [['cam1', '--from', 'half past ten', '--to', '10:00'], 64, /^cams-manager: cannot read the time "half past ten": use 2026-11-30 14:32\[:SS\], 14:32 \(today\)/],
  ])('bad input is one line (a hint may follow it) and its exit code: %j', async (args, code, line) => {
    const r = await runCli(['export', ...args, '-c', config, '-o', path.join(out, 'bad.mp4')]);
    expect(r.exitCode).toBe(code);
    expect(r.stderr.split('\n')[0]).toMatch(line);
    expect(existsSync(path.join(out, 'bad.mp4'))).toBe(false);
  });

  it('an output folder that does not exist is one line naming the file, exit 73, and nothing is left behind', async () => {
    const file = path.join(out, 'missing', 'x.mp4');
    const r = await runCli(['export', 'cam1', '-c', config, '--from', typed(10), '--to', typed(20), '-o', file]);
    expect(r.exitCode).toBe(73);
    expect(r.stderr.trim()).toBe(`cams-manager: cannot write "${file}": its folder does not exist`);
    expect(existsSync(path.join(out, 'missing'))).toBe(false);
  });

  it('a range with no footage is one line naming the nearest footage, exit 3', async () => {
    const r = await runCli(['export', 'cam1', '-c', config, '--from', typed(-3600), '--to', typed(-3000), '-o', path.join(out, 'none.mp4')]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr.trim().split('\n')[0]).toBe(`cams-manager: no footage of cam1 between ${formatInstant(at(-3600).getTime())} and ${formatInstant(at(-3000).getTime())}; nearest: ${formatInstant(t0.getTime())} to ${formatInstant(at(90).getTime())}`);
    expect(existsSync(path.join(out, 'none.mp4'))).toBe(false);
  });
});

integrationDescribe('export in the repeated hour of a DST fall-back', ['ffmpeg', 'ffprobe'], () => {
  const NY = { TZ: 'America/New_York' };
  let dstConfig: string;
  const secondPass = Date.parse('2026-11-01T01:30:00-05:00');

  beforeAll(async () => {
    const dir = tempDir('cams-export-dst-');
    made.push(dir);
    dstConfig = writeConfig(dir, [{ name: 'cam1', url: 'rtsp://127.0.0.1:8554/none', dir: 'cam1' }], { merge_delay: 0 });
    // 20 s at 01:30 EDT and 20 s at 01:30 EST, an hour later: names carry their offsets.
    const nameOf = (d: Date) => withTimeZone('America/New_York', () => segmentFileName(d.getTime()).slice(0, -4));
    for (const start of [secondPass - 3_600_000, secondPass]) await makeSegments(path.join(dir, 'cam1', 'segments'), { start: new Date(start), seconds: 20, nameOf });
    expect((await runCli(['merge', '-c', dstConfig, '--all'], NY)).exitCode).toBe(0);
  }, 120_000);

  it('a time given with its offset picks one pass; without it, the line names both', async () => {
    const file = path.join(out, 'dst.mp4');
    const r = await runCli(['export', 'cam1', '-c', dstConfig, '--from', '2026-11-01 01:30:05-05:00', '--to', '2026-11-01 01:30:15-05:00', '-o', file], NY);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('2026-11-01 01:30:05 -0500 to 2026-11-01 01:30:15 -0500');
    expect((await probe(file)).duration).toBeCloseTo(10, 1);
    expect(Date.parse((await probe(file)).creation)).toBe(secondPass + 5000);
    const ambiguous = await runCli(['export', 'cam1', '-c', dstConfig, '--from', '2026-11-01 01:30:05', '--to', '2026-11-01 01:30:15-05:00'], NY);
    expect(ambiguous.exitCode).toBe(64);
    expect(ambiguous.stderr).toMatch(/happens twice in America\/New_York .*-0400 for the first, .*-0500 for the second/);
  });

  it('--timestamps across the fall-back says each second with the offset then in force: 01:59:59 -04:00 is followed by 01:00:00 -05:00', async () => {
    const file = path.join(out, 'dst-stamped.mp4');
    const r = await runCli(['export', 'cam1', '-c', dstConfig, '--from', '2026-11-01 01:30:15-04:00', '--to', '2026-11-01 01:30:05-05:00', '-o', file, '--timestamps'], NY);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await decodeErrors(file)).toBe('');
    const cues = await subtitleCues(file);
    expect(cues.length).toBe(3590); // the hour less 10 s, the gap of nearly an hour kept
    const texts = cues.map((c) => c.text);
    expect(texts[0]).toBe('2026-11-01 01:30:15 -04:00');
    expect(texts.slice(texts.indexOf('2026-11-01 01:59:59 -04:00'), texts.indexOf('2026-11-01 01:59:59 -04:00') + 2)).toEqual(['2026-11-01 01:59:59 -04:00', '2026-11-01 01:00:00 -05:00']);
    expect(texts.at(-1)).toBe('2026-11-01 01:30:04 -05:00');
    expect(Math.max(...cueErrors(cues, secondPass - 3_600_000 + 15_000))).toBeLessThanOrEqual(200);
  });
});
