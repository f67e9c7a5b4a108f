// Pure: turns how FFmpeg (or ffprobe) ended into a reason in plain words.

// Reasons that say the camera could not be reached: the stream itself did not change, so what the
// recorder knows of its codecs still holds.
const NETWORK_REASONS = new Set<string>();
const network = (reason: string) => (NETWORK_REASONS.add(reason), reason);
// Reasons no retry will cure: a person must act (a password, a path, a setting, the disk).
const PERSON_REASONS = new Set<string>();
const person = (reason: string) => (PERSON_REASONS.add(reason), reason);

// FFmpeg 5.1 says "Invalid data found" both for a camera that sends something that is not RTSP
// and for one that accepts the connection and never answers: the shell tells them apart (rtsp-answer.ts).
export const UNREADABLE_REASON = 'the camera sent data FFmpeg cannot read';

const RULES: Array<[RegExp, string]> = [
  [/Connection refused/i, network('camera unreachable: connection refused')],
  [/No route to host|Network is unreachable|Host is unreachable/i, network('camera unreachable: no route to host')],
  [/Connection timed out|timed out|Operation timed out/i, network('camera did not answer in time')],
  [/Name or service not known|Temporary failure in name resolution|Failed to resolve/i, network('camera host name does not resolve')],
  [/401 Unauthorized/i, person('camera refused the login (401 Unauthorized): check the user name and password')],
  [/403 Forbidden/i, person('camera refused access (403 Forbidden)')],
  [/404 Not Found/i, person('the camera has no stream at this path (404 Not Found)')],
  [/Connection reset by peer|Broken pipe/i, network('connection reset by the camera')],
  [/End of file/i, 'the camera closed the stream'],
  [/Could not find tag for codec|codec not currently supported in container/i, person('FFmpeg cannot put this codec into MP4 (set audio: aac or none for this camera)')],
  [/No space left on device/i, person('the disk is full')],
  [/Permission denied/i, person('permission denied writing the output folder')],
  [/does not contain any stream|Output file #0 does not contain any stream|Stream map '0:v:0' matches no streams/i, 'the camera sends no video'],
  [/Invalid data found when processing input/i, UNREADABLE_REASON],
];

export interface ExitFacts {
  code: number | null;
  signal: string | null;
  stderrTail: readonly string[];
}

// True when the reason is about reaching the camera, not about what it sends.
export function isNetworkReason(reason: string): boolean {
  return NETWORK_REASONS.has(reason) || reason.startsWith('the stream ended');
}

// True when retrying alone will not help: logged as an error on every attempt (rate-limited).
export function needsPerson(reason: string): boolean {
  return PERSON_REASONS.has(reason);
}

export function explainExit(exit: ExitFacts): string {
  const known = explainText(exit.stderrTail.join('\n'));
  if (known) return known;
  if (exit.signal) return `FFmpeg was killed (${exit.signal})`;
  if (exit.code === 0) return 'the stream ended (the camera stopped sending)';
  const last = [...exit.stderrTail].reverse().find((l) => /error|fail|invalid/i.test(l));
  return `FFmpeg exited with code ${String(exit.code)}${last ? `: ${stripTag(last)}` : ''}`;
}

// The plain-words reason for what FFmpeg or ffprobe printed, when it is a known case.
export function explainText(text: string): string | undefined {
  return RULES.find(([pattern]) => pattern.test(text))?.[1];
}

// "[rtsp @ 0x55…] [error] msg" → "msg"
export function stripTag(line: string): string {
  return line.replace(/^(\[[^\]]*\]\s*)+/, '').trim();
}
