// Wires one recorder's events to Telegram: alerts → grouper → background outbox → sendTelegram.
import type { Camera, Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import type { RecorderEvent } from '../recorder/events.js';
import { CameraAlerts } from './camera-alerts.js';
import { AlertGrouper, type Alert } from './grouper.js';
import { Outbox } from './outbox.js';
import { sendTelegram } from './telegram.js';

// How long a stopping recorder waits for undelivered messages.
export const DRAIN_MS = 3000;

export interface CameraNotifications {
  listener(event: RecorderEvent): void;
  alert(alert: Alert): void; // restarts, disk space: grouped like the rest
  close(): Promise<void>;
}

// Notifications for one camera, or undefined when notify.telegram is not configured.
export function startCameraNotifications(config: Config, camera: Camera, log: Logger): CameraNotifications | undefined {
  const telegram = config.notify.telegram;
  if (!telegram) return undefined;
  const outbox = new Outbox({ send: (text, cancel) => sendTelegram(telegram, text, undefined, cancel), log: log.child('notify') });
  const grouper = new AlertGrouper({
    minIntervalMs: telegram.min_interval * 1000,
    graceSeconds: config.notify.lost_grace,
    deliver: (text) => outbox.push(text),
  });
  const alerts = new CameraAlerts(camera.name, config.notify.lost_grace * 1000, (alert) => grouper.add(alert));
  return {
    listener: (event) => alerts.on(event),
    alert: (alert) => grouper.add(alert),
    async close() {
      alerts.close();
      grouper.flushAll();
      await outbox.drain(DRAIN_MS);
    },
  };
}
