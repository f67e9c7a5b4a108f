// FFmpeg's "Invalid data found" made sharper by asking the camera's port directly (plain RTSP only):
// used by the recorder between attempts and by `check --probe`.
import { askRtspOptions, describeRtspAnswer } from '../net/rtsp-answer.js';
import { UNREADABLE_REASON } from './explain.js';

const ANSWER_WAIT_MS = 3000;

// The reason to tell for a failed attempt: `reason`, or a sharper one for an unreadable camera.
export async function diagnoseUnreadable(url: string, reason: string): Promise<string> {
  if (reason !== UNREADABLE_REASON || !url.startsWith('rtsp://')) return reason;
  return describeRtspAnswer(await askRtspOptions(url, ANSWER_WAIT_MS), reason);
}
