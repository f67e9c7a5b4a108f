// The page: every camera with its state and a day timeline (runs, gaps, activity); a click plays
// from that moment, shift-drag or the two times pick a range to download. Plain DOM, no framework.
import { Player, canPlay } from './player.js';
import { Timeline } from './timeline.js';
import { dayBounds, formatAge, formatBytes, formatDateTime, fromInputValue, isoDay, toInputValue } from './time.js';

const CAMERAS_EVERY_MS = 10_000;
const FOOTAGE_EVERY_MS = 30_000;
const UNPLAYABLE_EXPORT_MS = 10 * 60_000; // the download offered instead of H.265 playback
const $ = (id) => document.getElementById(id);

const state = { cameras: [], rows: new Map(), selection: null, playing: null };
const player = new Player({ video: $('video'), clock: $('clock'), note: $('note') }, {
  onInstant: (instant) => state.rows.get(state.playing)?.timeline.setPlayhead(instant),
  onStatus: (text) => ($('status').textContent = text),
});

boot().catch(showError);

async function boot() {
  const params = new URLSearchParams(location.search);
  $('day').value = params.get('day') ?? isoDay(Date.now());
  fillZoom(params.get('hour') ?? '');
  bindControls();
  await refreshCameras();
  await refreshFootage();
  setInterval(() => refreshCameras().catch(showError), CAMERAS_EVERY_MS);
  setInterval(() => viewHoldsNow() && refreshFootage().catch(showError), FOOTAGE_EVERY_MS);
  let resized;
  window.addEventListener('resize', () => {
    clearTimeout(resized);
    resized = setTimeout(() => refreshFootage().catch(showError), 200);
  });
  document.body.dataset.ready = 'true';
}

// The shown span: the day, or one hour of it.
function currentView() {
  const day = dayBounds($('day').value || isoDay(Date.now()));
  const hour = $('zoom').value;
  if (hour === '') return day;
  const start = new Date(day.start).setHours(Number(hour));
  return { start, end: new Date(day.start).setHours(Number(hour) + 1) };
}

function viewHoldsNow() {
  const { start, end } = currentView();
  return Date.now() >= start && Date.now() < end;
}

async function refreshCameras() {
  const answer = await getJson('/api/cameras');
  state.cameras = answer.cameras;
  for (const camera of answer.cameras) (state.rows.get(camera.name) ?? addRow(camera)).facts(camera);
  $('updated').textContent = `updated ${formatDateTime(answer.generated_at)}`;
  const select = $('range-camera');
  if (select.options.length !== answer.cameras.length) select.replaceChildren(...answer.cameras.map((c) => new Option(c.name, c.name)));
}

async function refreshFootage() {
  const view = currentView();
  history.replaceState(null, '', `?${new URLSearchParams({ day: $('day').value, ...($('zoom').value === '' ? {} : { hour: $('zoom').value }) })}`);
  await Promise.all([...state.rows.values()].map((row) => row.load(view)));
}

function addRow(camera) {
  const article = document.createElement('article');
  article.className = 'camera';
  article.dataset.camera = camera.name;
  article.innerHTML = `<header><h2></h2><span class="state"></span><span class="facts"></span><button type="button" class="latest">Latest</button></header><div class="timeline-box"></div>`;
  article.querySelector('h2').textContent = camera.name;
  $('cameras').append(article);
  const timeline = new Timeline(article.querySelector('.timeline-box'), camera.name, { onPick: play, onSelect: select });
  const row = {
    timeline,
    footage: { runs: [], gaps: [] },
    facts: (c) => showFacts(article, c),
    async load(view) {
      const range = new URLSearchParams({ camera: camera.name, start: String(view.start), end: String(view.end) });
      row.footage = await getJson(`/api/footage?${range}`);
      timeline.draw(view, row.footage);
      timeline.setSelection(state.selection?.camera === camera.name ? state.selection : null);
      timeline.setPlayhead(state.playing === camera.name ? player.instant : null);
      range.set('step', String(Math.max(2000, Math.ceil((view.end - view.start) / timeline.width / 1000) * 1000)));
      timeline.drawActivity(await getJson(`/api/activity?${range}`));
    },
  };
  article.querySelector('.latest').addEventListener('click', () => playLatest(camera.name));
  state.rows.set(camera.name, row);
  return row;
}

function showFacts(article, c) {
  const badge = article.querySelector('.state');
  badge.textContent = c.recording ? 'recording' : c.recorder_state ?? 'not recording';
  badge.className = `state ${c.recording ? 'on' : 'off'}`;
  badge.title = c.reason ?? '';
  const facts = [
    c.newest_footage === null ? 'no footage yet' : `newest footage ${formatAge(c.last_segment_age_s ?? (Date.now() - c.newest_footage) / 1000)} ago`,
    `today ${(100 * (c.coverage_today ?? 0)).toFixed(1)} % covered, ${c.gaps_today ?? 0} ${c.gaps_today === 1 ? 'gap' : 'gaps'}`,
    c.format ?? c.codec,
    c.bytes == null ? null : formatBytes(c.bytes),
  ];
  article.querySelector('.facts').textContent = facts.filter(Boolean).join(' · ');
}

// Plays camera from instant, or says why not (H.265 this browser cannot decode) and offers the download.
function play(camera, instant, options = {}) {
  const run = state.rows.get(camera)?.footage.runs.find((r) => r.start <= instant && instant < r.end);
  const format = run?.format ?? state.cameras.find((c) => c.name === camera)?.codec;
  if (state.playing && state.playing !== camera) state.rows.get(state.playing)?.timeline.setPlayhead(null);
  state.playing = camera;
  $('player').dataset.state = 'open';
  $('clock').querySelector('.name').textContent = camera;
  if (!canPlay(format)) return unplayable(camera, instant);
  $('unplayable').hidden = true;
  $('video').hidden = false;
  return player.play(camera, instant, options);
}

function playLatest(camera) {
  const newest = state.cameras.find((c) => c.name === camera)?.newest_footage;
  if (!newest) return ($('status').textContent = `${camera} has no footage yet`);
  if ($('day').value !== isoDay(newest)) {
    $('day').value = isoDay(newest);
    void refreshFootage().catch(showError);
  }
  return play(camera, newest - 5000, { follow: true });
}

function unplayable(camera, instant) {
  player.stop();
  player.showClock(instant);
  $('video').hidden = true;
  const box = $('unplayable');
  const range = { camera, start: instant, end: instant + UNPLAYABLE_EXPORT_MS };
  box.replaceChildren(`${camera} records H.265 (HEVC), which this browser cannot play. `, downloadLink(range, `Download ${formatDateTime(range.start)} – ${formatDateTime(range.end).slice(11)}`), ' and watch it in VLC or mpv.');
  box.hidden = false;
}

// A range chosen on a timeline (shift-drag) or with the two times.
function select(camera, range) {
  state.selection = { camera, ...range };
  for (const [name, row] of state.rows) row.timeline.setSelection(name === camera ? state.selection : null);
  $('range-camera').value = camera;
  $('range-from').value = toInputValue(range.start);
  $('range-to').value = toInputValue(range.end);
  showDownload();
}

function showDownload() {
  const s = state.selection;
  const link = $('download');
  if (!s || s.end <= s.start) return link.removeAttribute('href'), (link.textContent = 'Pick a range first');
  link.href = exportUrl(s);
  link.textContent = `Download ${Math.round((s.end - s.start) / 1000)} s of ${s.camera}`;
}

function downloadLink(range, text) {
  return Object.assign(document.createElement('a'), { href: exportUrl(range), download: '', textContent: text });
}

function exportUrl({ camera, start, end }) {
  return `/api/export?${new URLSearchParams({ camera, start: new Date(start).toISOString(), end: new Date(end).toISOString(), format: 'mp4' })}`;
}

function bindControls() {
  const reload = () => refreshFootage().catch(showError);
  $('day').addEventListener('change', reload);
  $('zoom').addEventListener('change', reload);
  $('prev-day').addEventListener('click', () => shiftDay(-1));
  $('next-day').addEventListener('click', () => shiftDay(1));
  $('back').addEventListener('click', () => player.step(-10));
  $('forward').addEventListener('click', () => player.step(10));
  $('pause').addEventListener('click', togglePause);
  $('latest').addEventListener('click', () => state.playing && playLatest(state.playing));
  const fromInputs = () => select($('range-camera').value, { start: fromInputValue($('range-from').value), end: fromInputValue($('range-to').value) });
  for (const id of ['range-camera', 'range-from', 'range-to']) $(id).addEventListener('change', fromInputs);
  $('play-from').addEventListener('click', () => {
    const start = fromInputValue($('range-from').value);
    if (start !== null) play($('range-camera').value, start);
  });
  $('video').addEventListener('play', () => ($('pause').textContent = 'Pause'));
  $('video').addEventListener('pause', () => ($('pause').textContent = 'Play'));
  document.addEventListener('keydown', onKey);
}

function onKey(event) {
  if (event.target.closest?.('input, select, textarea') || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
    event.preventDefault();
    player.step(event.key === 'ArrowLeft' ? -10 : 10);
  } else if (event.key === ' ' && !event.target.closest?.('button, a')) {
    event.preventDefault();
    togglePause();
  }
}

function togglePause() {
  const video = $('video');
  if (video.paused) video.play().catch(() => {});
  else video.pause();
}

function shiftDay(days) {
  const { start } = dayBounds($('day').value || isoDay(Date.now()));
  $('day').value = isoDay(new Date(start).setDate(new Date(start).getDate() + days));
  void refreshFootage().catch(showError);
}

function fillZoom(hour) {
  const zoom = $('zoom');
  for (let h = 0; h < 24; h++) zoom.add(new Option(`${String(h).padStart(2, '0')}:00 – ${String(h + 1).padStart(2, '0')}:00`, String(h)));
  zoom.value = hour;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`${url.split('?')[0]}: ${body.error ?? response.statusText}`);
  return body;
}

function showError(error) {
  $('status').textContent = error.message;
}
