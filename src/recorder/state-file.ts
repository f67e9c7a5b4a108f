// What a recorder publishes about itself for `status`: <output_dir>/.recorder-state.json, replaced
// atomically (temp file + rename) on every state change and every few seconds. No secrets: the
// detail text goes through redactText and nothing else comes from the config.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../disk/write-atomically.js';
import { redactText } from '../log/redact.js';
import type { RecorderEvent, RecorderState } from './events.js';

export const STATE_FILE = '.recorder-state.json';
export const HEARTBEAT_MS = 5000;

export interface RecorderStatus {
  version: 1;
  camera: string;
  pid: number;
  state: RecorderState;
  detail: string;
  since: string; // ISO time the state began
  started_at: string;
  updated_at: string; // refreshed every HEARTBEAT_MS while the recorder lives
  last_segment_at: string | null;
  outage_since: string | null; // set while the camera is lost or stalled
  outages?: number; // times this recorder lost the camera (disconnected or stalled), since it started
  last_error?: string | null; // why the last attempt to record failed, until recording again
  clock?: { synchronised: boolean | null; detail: string }; // null: the recorder cannot tell
  clock_step?: { seconds: number; at: string } | null; // the last step of the wall clock seen
}

export function stateFilePath(outputDir: string): string {
  return path.join(outputDir, STATE_FILE);
}

// The last published status, or undefined (no file, or not one of ours).
export function readStateFile(file: string): RecorderStatus | undefined {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as RecorderStatus;
    return data.version === 1 && typeof data.state === 'string' ? data : undefined;
  } catch {
    return undefined;
  }
}

// Pure: the status after an event.
export function applyEvent(status: RecorderStatus, event: RecorderEvent, now: Date): RecorderStatus {
  const at = now.toISOString();
  switch (event.type) {
    case 'state':
      if (event.state === status.state && event.detail === status.detail) return status;
      return { ...status, state: event.state, detail: redactText(event.detail), since: event.state === status.state ? status.since : at };
    case 'segment':
      return { ...status, last_segment_at: new Date(event.at).toISOString() };
    case 'disconnected':
    case 'stalled':
      if (status.outage_since !== null) return status; // the outage under way goes on
      return { ...status, outage_since: new Date(event.at - ('silentSeconds' in event ? event.silentSeconds * 1000 : 0)).toISOString(), outages: (status.outages ?? 0) + 1 };
    case 'attempt-failed':
      return { ...status, last_error: redactText(event.reason) };
    case 'reconnected':
    case 'recovered':
      return { ...status, outage_since: null, last_error: null };
    case 'clock':
      return { ...status, clock: { synchronised: event.synchronised, detail: event.detail } };
    case 'clock-step':
      return { ...status, clock_step: { seconds: event.seconds, at: new Date(event.at).toISOString() } };
  }
}

export interface StatePublisher {
  listener(event: RecorderEvent): void;
  close(): Promise<void>; // writes the final status
}

// Publishes a camera's status to file: at once on a state change, else every HEARTBEAT_MS.
// A failed write never stops recording; onError hears of the first failure of a streak (so a
// `status` that says "not running" has its reason in the log), and of nothing more until a write
// succeeds again.
export function publishState(file: string, camera: string, now = () => new Date(), onError?: (error: unknown) => void): StatePublisher {
  const start = now().toISOString();
  let status: RecorderStatus = {
    version: 1, camera, pid: process.pid, state: 'connecting', detail: 'starting', since: start,
    started_at: start, updated_at: start, last_segment_at: null, outage_since: null, outages: 0, last_error: null,
  };
  let chain: Promise<void> = Promise.resolve();
  let failing = false;
  const write = () => {
    chain = chain
      .then(() => writeFileAtomically(file, JSON.stringify({ ...status, updated_at: now().toISOString() }, null, 2) + '\n'))
      .then(() => void (failing = false))
      .catch((error: unknown) => {
        if (!failing) onError?.(error);
        failing = true;
      });
    return chain;
  };
  const timer = setInterval(() => void write(), HEARTBEAT_MS).unref();
  void write();
  return {
    listener(event) {
      const before = status.state;
      const clockBefore = status.clock_step;
      status = applyEvent(status, event, now());
      if (status.state !== before || status.clock_step !== clockBefore) void write();
    },
    async close() {
      clearInterval(timer);
      await write();
    },
  };
}
