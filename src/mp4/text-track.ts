// A text track of cues, such as an export's timestamps: 3GPP timed text (3GPP TS 26.245 §5.16,
// stored in MP4 as ISO/IEC 14496-30 §5 says), the subtitle format of MP4 that Apple's players
// take, as do VLC, mpv and FFmpeg. It is written as FFmpeg's mov_text muxer writes it for MP4:
// a tx3g sample entry, handler 'sbtl', an nmhd; each sample is a 16-bit length and UTF-8 text.
import { makeBox, makeFullBox, uint16s } from './boxes.js';
import type { TrackDescription } from './described-trak.js';
import type { SourceSample, TrackSelection } from './regular-plan.js';

export interface TextCue {
  duration: number; // ms: each cue starts where the one before it ends, the first at time 0
  text: string;
}

export const TEXT_TIMESCALE = 1000;

// Enabled, in an alternate group of its own (FFmpeg's number for subtitles, 3): the enabled track
// of a group is the one QuickTime plays (QuickTime File Format, "Alternate group"), and FFmpeg
// reads the flag as the "default" disposition, which players pick a subtitle track by when nobody
// asked for one. A disabled track would hide the timestamps until someone looks for them; an
// enabled one can still be turned off in the player's subtitle menu.
const TX3G_TRACK: Omit<TrackDescription, 'sampleEntry'> = { handler: 'sbtl', name: 'SubtitleHandler', timescale: TEXT_TIMESCALE, mediaHeader: makeFullBox('nmhd', 0, 0), enabled: true, alternateGroup: 3 };

// The track with this id: the cues one after another from time 0, shown from the movie's start.
export function textTrack(trackId: number, cues: readonly TextCue[]): TrackSelection {
  const samples: SourceSample[] = cues.map((c) => {
    const data = textSample(c.text);
    return { file: '', offset: 0, size: data.length, duration: c.duration, sync: true, compositionOffset: 0, data };
  });
  const duration = cues.reduce((n, c) => n + c.duration, 0);
  return { trackId, samples, edits: [{ mediaTime: 0, duration }], track: { ...TX3G_TRACK, sampleEntry: tx3gEntry() } };
}

// TS 26.245 §5.16.2: TextSample = 16-bit length of the UTF-8 text, the text (no style boxes).
export function textSample(text: string): Buffer {
  const utf8 = Buffer.from(text, 'utf8');
  if (utf8.length > 0xffff) throw new Error(`a text sample holds at most 65535 bytes, not ${utf8.length}`);
  return Buffer.concat([uint16s([utf8.length]), utf8]);
}

// TS 26.245 §5.16.1 TextSampleEntry, byte for byte as FFmpeg 5.1's mov_text muxer writes it
// (without its optional btrt): centred at the bottom, white 16 px "Arial" on black, no default
// text box. Players put subtitles where they like and mostly use their own font and size.
function tx3gEntry(): Buffer {
  const head = Buffer.concat([Buffer.alloc(6), uint16s([1])]); // reserved, data_reference_index
  const layout = Buffer.from([0, 0, 0, 0, 0x01, 0xff, 0, 0, 0, 0xff]); // displayFlags, justification h 1 v -1, background RGBA
  const box = Buffer.alloc(8); // default text box: top, left, bottom, right
  const style = Buffer.concat([uint16s([0, 0, 1]), Buffer.from([0, 16, 0xff, 0xff, 0xff, 0xff])]); // chars 0–0, font 1, plain, 16 px, white
  const fonts = makeBox('ftab', uint16s([1, 1]), Buffer.from([5]), Buffer.from('Arial', 'latin1'));
  return makeBox('tx3g', head, layout, box, style, fonts);
}
