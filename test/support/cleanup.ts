// Every test file that starts recorders and cameras stops them all after each test.
import { afterAll, afterEach } from 'vitest';
import { stopAllCameras } from './camera.js';
import { stopAllCli } from './cli.js';

export async function stopEverything(): Promise<void> {
  await stopAllCli();
  await stopAllCameras();
}

// Registers stopEverything after each test and after the file.
export function stopEverythingAfterEachTest(): void {
  afterEach(stopEverything);
  afterAll(stopEverything);
}
