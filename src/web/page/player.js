// Playback of one camera from an instant: hls.js over the server's HLS playlist of a window around
// it, seeking to the instant; the true time of the frame on screen from hls.playingDate (the
// playlist's EXT-X-PROGRAM-DATE-TIME); on to the next window at the end; "latest" follows the newest
// footage by reloading the playlist as it grows; a file gone since the playlist was made (the merge
// replaced segments by their minute) reloads the playlist at the current instant.
import Hls from './hls.mjs';
import { formatClock, formatDateTime, zoneOf } from './time.js';

const BEFORE_MS = 30_000; // footage before the instant in each playlist, for ←
const WINDOW_MS = 10 * 60_000; // and after it
const FOLLOW_RETRY_MS = 2000; // "latest": how soon to look again for newer footage
const MAX_RELOADS = 5; // reloads after a missing file before playback makes progress again
const HEVC = 'video/mp4; codecs="hvc1.1.6.L93.B0"';

// False for H.265 footage ("hevc …") in a browser whose MediaSource cannot decode it.
export function canPlay(format) {
  if (!/^(hevc|h265)/i.test(format ?? '')) return true;
  return Boolean(window.MediaSource?.isTypeSupported(HEVC));
}

export class Player {
  constructor({ video, clock, note }, { onInstant, onStatus }) {
    Object.assign(this, { video, clock, note, onInstant, onStatus });
    this.hls = null;
    this.loads = 0;
    this.fragments = [];
    this.last = null; // {instant, time}: the last frame shown, to see jumps over gaps
    video.muted = true;
    for (const type of ['timeupdate', 'seeked', 'playing']) video.addEventListener(type, () => this.tick());
    video.addEventListener('playing', () => (this.reloads = 0));
    video.addEventListener('ended', () => this.continueAfter());
  }

  // Plays camera from instant (ms); follow: keep up with the newest footage.
  play(camera, instant, { follow = false } = {}) {
    Object.assign(this, { camera, follow, target: instant, reloads: 0, last: null });
    this.video.pause(); // what played before stops where it is until the new playlist is there
    this.showNote('');
    this.showClock(instant);
    return this.load(instant);
  }

  // The true instant of the frame on screen (ms), or the one asked for before the first frame.
  get instant() {
    return this.hls?.playingDate?.getTime() ?? this.target ?? null;
  }

  // ←/→: the footage seconds away in true time (in a gap: the footage on the side it goes to).
  step(seconds) {
    if (!this.camera) return;
    const target = this.instant + seconds * 1000;
    const position = mediaPosition(this.fragments, target, seconds < 0);
    this.target = target;
    this.last = null;
    if (position === null || target < this.fragments[0].programDateTime) return this.load(target);
    this.video.currentTime = position;
  }

  stop() {
    this.loads++; // a playlist still loading is dropped
    clearTimeout(this.retry);
    this.hls?.destroy();
    this.hls = null;
    this.camera = null;
    this.video.removeAttribute('src');
  }

  // Loads the playlist around instant. A new choice replaces what plays at once (the playlist and the
  // media source get ready side by side); with `keep` (the next window, a reload) what plays goes on
  // until the new playlist has footage at or after instant, so the last frame stays on screen.
  load(instant, { keep = false } = {}) {
    const token = ++this.loads;
    clearTimeout(this.retry);
    const end = this.follow ? Date.now() + 5000 : instant + WINDOW_MS;
    const query = new URLSearchParams({ camera: this.camera, start: String(Math.round(instant - BEFORE_MS)), end: String(Math.round(end)) });
    const hls = new Hls({ autoStartLoad: false, backBufferLength: 60, maxBufferLength: 20 });
    hls.on(Hls.Events.LEVEL_LOADED, (_event, data) => (token === this.loads ? this.start(hls, data.details.fragments, instant) : hls === this.hls || hls.destroy()));
    hls.on(Hls.Events.ERROR, (_event, data) => token === this.loads || hls === this.hls ? this.failed(hls, data) : hls.destroy());
    hls.loadSource(`/api/playlist.m3u8?${query}`);
    if (!keep) this.attach(hls);
    this.onStatus(`loading ${this.camera} at ${formatDateTime(instant)}`);
  }

  start(hls, fragments, instant) {
    const position = mediaPosition(fragments, instant);
    if (position === null) return hls === this.hls || hls.destroy(), this.nothingAfter(instant);
    if (hls !== this.hls) this.attach(hls);
    Object.assign(this, { fragments, last: null }); // media times start anew with each playlist
    hls.startLoad(position);
    this.video.play().catch(() => {});
    this.onStatus('');
  }

  attach(hls) {
    this.video.defaultPlaybackRate = this.video.playbackRate; // a new media source keeps the chosen speed
    this.hls?.destroy();
    this.hls = hls;
    hls.attachMedia(this.video);
  }

  // At the end of a window: the next one from the end of its last fragment.
  continueAfter() {
    const last = this.fragments.at(-1);
    if (this.camera && last?.programDateTime) this.load(last.programDateTime + last.duration * 1000, { keep: true });
  }

  nothingAfter(instant) {
    if (this.follow) {
      this.retry = setTimeout(() => this.load(instant, { keep: true }), FOLLOW_RETRY_MS);
      return this.onStatus('waiting for newer footage…');
    }
    this.onStatus(`no footage after ${formatDateTime(instant)}`);
  }

  failed(hls, data) {
    if (data.details === Hls.ErrorDetails.MANIFEST_LOAD_ERROR || (hls !== this.hls && data.fatal)) { // no footage there (404), or a broken playlist
      if (hls !== this.hls) hls.destroy();
      return this.nothingAfter(this.target);
    }
    if (hls !== this.hls) return;
    if (data.response?.code === 404 && this.reloads < MAX_RELOADS) {
      this.reloads++;
      return this.load(this.instant, { keep: true }); // the merge replaced the file: the playlist as it is now
    }
    if (!data.fatal) return;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !this.recovered) return (this.recovered = true), hls.recoverMediaError();
    this.onStatus(`playback stopped: ${data.details}`);
  }

  tick() {
    const instant = this.hls?.playingDate?.getTime();
    if (instant === undefined || this.video.readyState < 2) return;
    const time = this.video.currentTime;
    const jump = this.last && !this.video.seeking ? instant - this.last.instant - (time - this.last.time) * 1000 : 0;
    if (jump > 1500 && time > this.last.time) this.showNote(`skipped a gap of ${Math.round(jump / 1000)} s (${formatClock(this.last.instant)} → ${formatClock(instant)})`);
    this.last = { instant, time };
    this.target = instant;
    this.showClock(instant);
    this.onInstant(instant);
  }

  showClock(instant) {
    this.clock.dataset.instant = String(instant);
    this.clock.querySelector('.when').textContent = formatDateTime(instant);
    this.clock.querySelector('.zone').textContent = zoneOf(instant);
  }

  showNote(text) {
    this.note.textContent = text;
    clearTimeout(this.noteTimer);
    this.noteTimer = setTimeout(() => (this.note.textContent = ''), 6000);
  }
}

// The media time (s) of the true instant among the playlist's fragments (hls.js's, with their
// programDateTime in ms); in a gap, the start of the footage after it (or, `back`, the last second
// before it); null after the last.
export function mediaPosition(fragments, instant, back = false) {
  let previous = null;
  for (const fragment of fragments) {
    if (fragment.programDateTime === null) continue;
    if (instant < fragment.programDateTime) return back && previous ? Math.max(previous.start, previous.start + previous.duration - 1) : fragment.start;
    previous = fragment;
    if (instant < fragment.programDateTime + fragment.duration * 1000) return fragment.start + (instant - fragment.programDateTime) / 1000;
  }
  return null;
}
