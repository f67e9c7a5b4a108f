// Checks an rclone bandwidth limit (its --bwlimit syntax, rclone 1.60 fs/bwtimetable.go). Pure.
//
//   "512k", "1.5M", "off", "10M:512k" (upload:download)
//   "08:00,512k 23:00,off"             a timetable: from each time on, that limit
//   "Mon-08:00,512k Sat-00:00,off"     a weekly one
// rclone itself takes a little more (1e3, "512KiB"); this accepts the forms its docs show.

const RATE = String.raw`(?:off|\d+(?:\.\d+)?(?:[bBkKmMgGtTpP](?:i|iB)?)?)`;
const PAIR = new RegExp(`^${RATE}(?::${RATE})?$`);
const SLOT = /^(?:(mon|tue|wed|thu|fri|sat|sun)-)?(\d\d):(\d\d),(.*)$/i;

const HINT = 'must be an rclone bandwidth limit like "512k", "10M", "off" or a timetable like "08:00,512k 23:00,off"';

// A one-line problem, or undefined when rclone takes `text` as its --bwlimit.
export function checkBwlimit(text: string): string | undefined {
  const entries = text.split(' ');
  if (entries.some((entry) => entry === '')) return `${HINT} (one space between entries, none around)`;
  if (entries.length === 1 && !entries[0]!.includes(',')) return PAIR.test(entries[0]!) ? undefined : HINT;
  for (const entry of entries) {
    const slot = SLOT.exec(entry);
    if (!slot) return `${HINT}: "${entry}" is not "HH:MM,rate" or "Day-HH:MM,rate"`;
    if (Number(slot[2]) > 23 || Number(slot[3]) > 59) return `${HINT}: "${entry}" has no such time of day (00:00 to 23:59)`;
    if (!PAIR.test(slot[4]!)) return `${HINT}: "${slot[4]}" in "${entry}" is not a rate`;
  }
  return undefined;
}
