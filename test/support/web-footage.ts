// A web server over a camera folder of small merged files (our fragmented writer's, with their
// footage index lines as the merge writes them), for the unit tests of the playback routes; close()
// stops it and removes the folder.
import { mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseConfigText } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { createLogger } from '../../src/log/logger.js';
import { indexMergedFiles } from '../../src/merge/index-merged.js';
import { createWebServer } from '../../src/web/server.js';
import { tempDir } from './cli.js';
import { writeFragmentedFile, type FragmentedSpec } from './fragmented-mp4.js';

export interface WebFootage {
  base: string; // http://127.0.0.1:port
  root: string; // the camera's output_dir
  close(): Promise<void>;
}

// Merged files named by `files` (local "YYYYMMDD_HHMM"), indexed; a server of camera "cam1" over them.
export async function serveMergedFiles(files: Record<string, FragmentedSpec>): Promise<WebFootage> {
  const root = tempDir('cams-web-');
  mkdirSync(path.join(root, 'merged'));
  for (const [stem, spec] of Object.entries(files)) await writeFragmentedFile(path.join(root, 'merged', `${stem}.mp4`), spec);
  await indexMergedFiles(root, path.join(root, 'merged'));
  const parsed = parseConfigText(`cameras:\n  - {name: cam1, rtsp_url: "rtsp://127.0.0.1/a", output_dir: ${root}}\n`, root);
  if (!parsed.ok) throw new Error('bad test config');
  const config = { ...parsed.config, path: path.join(root, 'config.yaml') } as Config;
  const server: Server = createWebServer({ config, log: createLogger({ write: () => undefined }), now: Date.now });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  };
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, root, close };
}
