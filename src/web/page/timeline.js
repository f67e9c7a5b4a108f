// One camera's timeline: footage runs and gaps drawn to scale in an SVG whose units are CSS pixels
// (so each rect's x and width are the instants' places), the activity strip on a canvas below it,
// the playhead and a selected range. A click picks an instant; shift-drag selects a range.
import { formatClock, formatDateTime } from './time.js';

const SVG = 'http://www.w3.org/2000/svg';
const BAR_TOP = 16; // the hour labels above the bars, the activity strip right under them
const BAR_HEIGHT = 28;
const HEIGHT = 46;
const ACTIVITY_HEIGHT = 22;

export class Timeline {
  constructor(container, camera, { onPick, onSelect }) {
    this.camera = camera;
    this.view = null;
    this.svg = element(SVG, 'svg', { class: 'timeline', height: HEIGHT, 'aria-label': `${camera}: footage and gaps`, role: 'img' });
    this.canvas = Object.assign(document.createElement('canvas'), { className: 'activity', title: 'activity: bytes per second' });
    this.hover = Object.assign(document.createElement('div'), { className: 'hover-time', hidden: true });
    container.append(this.svg, this.canvas, this.hover);
    this.layers = Object.fromEntries(['axis', 'gaps', 'runs', 'selection', 'playhead'].map((name) => [name, this.svg.appendChild(element(SVG, 'g', { class: name }))]));
    this.listen(onPick, onSelect);
  }

  // The instant at x (CSS pixels from the SVG's left edge), and the place of an instant.
  timeAt(x) {
    const { start, end } = this.view;
    return Math.round(start + (Math.min(Math.max(x, 0), this.width) / this.width) * (end - start));
  }
  xOf(ms) {
    const { start, end } = this.view;
    return ((ms - start) / (end - start)) * this.width;
  }

  // Draws the view {start, end} with the footage answer ({runs, gaps}) of the camera.
  draw(view, footage) {
    this.view = view;
    this.width = Math.max(this.svg.clientWidth, 1);
    this.svg.setAttribute('viewBox', `0 0 ${this.width} ${HEIGHT}`);
    this.svg.dataset.viewStart = view.start;
    this.svg.dataset.viewEnd = view.end;
    this.drawAxis();
    this.drawSpans(this.layers.gaps, footage.gaps, 'gap', () => 'gap');
    this.drawSpans(this.layers.runs, footage.runs, 'run', (r) => r.format ?? '');
  }

  drawAxis() {
    const { start, end } = this.view;
    const layer = this.layers.axis;
    layer.replaceChildren(element(SVG, 'rect', { class: 'track', x: 0, y: BAR_TOP, width: this.width, height: BAR_HEIGHT }));
    const step = tickStep(end - start, this.width);
    let first = new Date(start).setHours(0, 0, 0, 0);
    while (first < start) first += step;
    for (let t = first; t <= end; t += step) {
      const x = this.xOf(t);
      layer.append(element(SVG, 'line', { class: 'tick', x1: x, x2: x, y1: BAR_TOP - 3, y2: BAR_TOP + BAR_HEIGHT }));
      const anchor = x < 20 ? 'start' : x > this.width - 20 ? 'end' : 'middle'; // the edges' labels stay whole
      const label = element(SVG, 'text', { x, y: 11, 'text-anchor': anchor });
      label.textContent = formatClock(t, false);
      layer.append(label);
    }
  }

  drawSpans(layer, spans, className, describe) {
    layer.replaceChildren(...spans.map((s) => {
      const x = this.xOf(s.start);
      const rect = element(SVG, 'rect', { class: className, x, y: BAR_TOP, width: Math.max(this.xOf(s.end) - x, 0), height: BAR_HEIGHT, 'data-start': s.start, 'data-end': s.end });
      const title = element(SVG, 'title', {});
      title.textContent = `${describe(s)} ${formatDateTime(s.start)} – ${formatClock(s.end)}`;
      rect.append(title);
      return rect;
    }));
  }

  // The activity answer ({start, step, bytes_per_s}) as bars; moments well above the usual rate stand out.
  drawActivity(activity) {
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.width * ratio);
    this.canvas.height = Math.round(ACTIVITY_HEIGHT * ratio);
    const ctx = this.canvas.getContext('2d');
    ctx.scale(ratio, ratio);
    const values = activity.bytes_per_s.filter((v) => v !== null).sort((a, b) => a - b);
    if (values.length === 0) return;
    const usual = values[Math.floor(values.length / 2)];
    const top = Math.max(values[Math.floor(values.length * 0.98)] ?? usual, 1);
    const styles = getComputedStyle(this.canvas);
    activity.bytes_per_s.forEach((v, i) => {
      if (v === null) return;
      const x = this.xOf(activity.start + i * activity.step);
      const w = Math.max(this.xOf(activity.start + (i + 1) * activity.step) - x, 1);
      const h = Math.max(Math.min(v / top, 1) * ACTIVITY_HEIGHT, 1);
      ctx.fillStyle = v > usual * 1.5 ? styles.getPropertyValue('--motion') : styles.getPropertyValue('--quiet');
      ctx.fillRect(x, ACTIVITY_HEIGHT - h, w, h);
    });
  }

  // The playhead at ms (null: none).
  setPlayhead(ms) {
    const layer = this.layers.playhead;
    if (ms === null || !this.view || ms < this.view.start || ms > this.view.end) return layer.replaceChildren();
    const x = this.xOf(ms);
    layer.replaceChildren(element(SVG, 'line', { x1: x, x2: x, y1: BAR_TOP - 4, y2: HEIGHT, 'data-instant': ms }));
  }

  // The selected range {start, end} (null: none).
  setSelection(range) {
    const layer = this.layers.selection;
    if (!range || !this.view) return layer.replaceChildren();
    const x = this.xOf(Math.max(range.start, this.view.start));
    const w = this.xOf(Math.min(range.end, this.view.end)) - x;
    layer.replaceChildren(...(w > 0 ? [element(SVG, 'rect', { x, y: BAR_TOP - 2, width: w, height: BAR_HEIGHT + 4 })] : []));
  }

  listen(onPick, onSelect) {
    let down = null;
    const xOfEvent = (e) => e.clientX - this.svg.getBoundingClientRect().left;
    this.svg.addEventListener('pointerdown', (e) => {
      if (!this.view || e.button !== 0) return;
      down = { x: xOfEvent(e), shift: e.shiftKey };
      this.svg.setPointerCapture(e.pointerId);
    });
    this.svg.addEventListener('pointermove', (e) => {
      const x = xOfEvent(e);
      if (this.view) this.showHover(x);
      if (down?.shift) this.setSelection(span(this.timeAt(down.x), this.timeAt(x)));
    });
    this.svg.addEventListener('pointerleave', () => (this.hover.hidden = true));
    this.svg.addEventListener('pointerup', (e) => {
      if (!down) return;
      const x = xOfEvent(e);
      if (down.shift && Math.abs(x - down.x) >= 3) onSelect(this.camera, span(this.timeAt(down.x), this.timeAt(x)));
      else if (!down.shift) onPick(this.camera, this.timeAt(x));
      down = null;
    });
  }

  showHover(x) {
    this.hover.hidden = false;
    this.hover.textContent = formatClock(this.timeAt(x));
    this.hover.style.left = `${Math.min(Math.max(x, 24), this.width - 24)}px`;
  }
}

// Ticks about every 80 px, on round minutes or hours.
function tickStep(ms, width) {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360].map((m) => m * 60_000);
  return steps.find((s) => (s / ms) * width >= 80) ?? steps.at(-1);
}

function span(a, b) {
  return { start: Math.min(a, b), end: Math.max(a, b) };
}

function element(ns, name, attributes) {
  const node = document.createElementNS(ns, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}
