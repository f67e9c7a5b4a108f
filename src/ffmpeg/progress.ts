// Parses FFmpeg's -progress output: key=value lines, one block per -stats_period, ending in "progress=".

export interface ProgressBlock {
  frame: number; // video frames written so far
  outTimeUs: number; // output time reached, µs (-1 when FFmpeg does not know yet)
  totalSize: number; // bytes written so far
  speed: number | null;
  end: boolean; // "progress=end": FFmpeg is finishing
}

// Feed it chunks of stdout; it calls onBlock for each complete block.
export function createProgressParser(onBlock: (block: ProgressBlock) => void): (chunk: string) => void {
  let pending = '';
  let fields = new Map<string, string>();
  return (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      if (key !== 'progress') {
        fields.set(key, value);
        continue;
      }
      onBlock(toBlock(fields, value === 'end'));
      fields = new Map();
    }
  };
}

function toBlock(fields: Map<string, string>, end: boolean): ProgressBlock {
  const num = (key: string, fallback: number) => {
    const n = Number(fields.get(key));
    return Number.isFinite(n) && fields.get(key) !== 'N/A' && fields.has(key) ? n : fallback;
  };
  const speed = Number.parseFloat(fields.get('speed') ?? '');
  return {
    frame: num('frame', 0),
    outTimeUs: num('out_time_us', -1),
    totalSize: num('total_size', 0),
    speed: Number.isFinite(speed) ? speed : null,
    end,
  };
}

export interface SegmentEntry {
  file: string; // base name in the staging folder
  start: number; // seconds, stream time
  end: number;
}

// Parses one line of the CSV segment list ("20261124_033644.mp4,0.000000,3.099609").
export function parseSegmentLine(line: string): SegmentEntry | undefined {
  const match = /^"?([^",]+)"?,([\d.]+),([\d.]+)$/.exec(line.trim());
  if (!match) return undefined;
  return { file: match[1]!, start: Number(match[2]), end: Number(match[3]) };
}
