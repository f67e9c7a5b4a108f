// Where a footage file's pieces are, for playback by byte ranges: its init part (ftyp + moov, from
// byte 0: an HLS EXT-X-MAP) and each movie fragment (moof + mdat) with the span of video it holds.
// Read from the file's boxes without decoding (inspectMp4; a file still being recorded up to its
// last complete fragment) and kept in memory, least recently used first out, under the file's
// path, size and modification time: a file that grows or is replaced is read again.
import { stat } from 'node:fs/promises';
import type { FootageFile } from '../footage/catalogue.js';
import { inspectMp4, type FragmentSpan, type Mp4Info } from '../mp4/inspect.js';

export interface FragmentTable {
  initSize: number | undefined; // bytes 0…initSize hold ftyp and moov; undefined: not playable by byte ranges
  fragments: FragmentSpan[]; // in file order; none in a regular MP4 (the original tool's files)
}

export interface FragmentTables {
  read(file: Pick<FootageFile, 'path' | 'kind'>): Promise<FragmentTable>;
}

// An hour of minute files is 60 tables; a table of a minute with a fragment per second ~10 kB.
export const TABLES_KEPT = 600;

// A cache of tables; `read` throws the file system's error or inspectMp4's when a file cannot be read.
export function createFragmentTables(capacity = TABLES_KEPT): FragmentTables {
  const tables = new Map<string, FragmentTable>(); // in order of use, oldest first
  return {
    async read(file) {
      const stats = await stat(file.path);
      const key = `${stats.size}:${stats.mtimeMs}:${file.path}`;
      const known = tables.get(key);
      if (known) {
        tables.delete(key);
        tables.set(key, known);
        return known;
      }
      const table = tableOf(await inspectMp4(file.path, { growing: file.kind === 'recording' }));
      tables.set(key, table);
      if (tables.size > capacity) tables.delete(tables.keys().next().value!);
      return table;
    },
  };
}

function tableOf(info: Mp4Info): FragmentTable {
  const playable = info.layout === 'fragmented' && info.initSize !== undefined;
  return { initSize: playable ? info.initSize : undefined, fragments: info.fragments };
}

// The server's tables, shared by its routes.
export const FRAGMENT_TABLES = createFragmentTables();
