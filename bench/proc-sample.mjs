// What the benches read of a process from /proc: its CPU ticks (user + system) and its private
// memory (RssAnon), and its children.
import { readFileSync } from 'node:fs';

export const TICKS = 100; // getconf CLK_TCK on Linux

export function proc(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14, 15)
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { ticks, rssAnonKb: Number(/RssAnon:\s+(\d+)/.exec(status)?.[1] ?? 0) };
  } catch {
    return { ticks: 0, rssAnonKb: 0 }; // gone
  }
}

export function children(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
