// Where a footage file's pieces are, for playback by byte ranges: its init part (ftyp + moov, from
// byte 0: an HLS EXT-X-MAP) and each movie fragment (moof + mdat) with the span of video it holds.
// Read from the file's boxes without decoding (inspectMp4; a file still being recorded up to its
// last complete fragment) and kept in memory, least recently used first out, under the file's
// path, size and modification time: a file that grows or is replaced is read again.
import { stat } from 'node:fs/promises';
import type { FootageFile } from '../footage/catalogue.js';
import { inspectMp4, type FragmentSpan, type Mp4Info } from '../mp4/inspect.js';

// The fragments are packed, FIELDS numbers each (a quarter of the memory of an object apiece):
// the byte offset of its moof, the bytes of moof and mdat, where its video starts (s from the
// file's first frame) and how long it lasts (s).
export interface FragmentTable {
  initSize: number | undefined; // bytes 0…initSize hold ftyp and moov; undefined: not playable by byte ranges
  fragments: Float64Array; // in file order; none in a regular MP4 (the original tool's files)
}

export const FIELDS = 4;

// One fragment of a table, as a plain object.
export interface TableFragment {
  offset: number;
  length: number;
  time: number;
  duration: number;
}

export interface FragmentTables {
  read(file: Pick<FootageFile, 'path' | 'kind'>): Promise<FragmentTable>;
}

// A day of minute files is 1440 tables (a table of a minute with a fragment a second: ~2 kB, so
// 3 MB): a day's playlist is answered from memory the second time.
export const TABLES_KEPT = 1500;

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
  return { initSize: playable ? info.initSize : undefined, fragments: packFragments(info.fragments) };
}

export function packFragments(spans: readonly FragmentSpan[]): Float64Array {
  const packed = new Float64Array(spans.length * FIELDS);
  spans.forEach((f, i) => packed.set([f.start, f.size + f.mdatSize, f.time, f.duration], i * FIELDS));
  return packed;
}

export function unpackFragments(packed: Float64Array): TableFragment[] {
  return Array.from({ length: packed.length / FIELDS }, (_, i) => {
    const at = i * FIELDS;
    return { offset: packed[at]!, length: packed[at + 1]!, time: packed[at + 2]!, duration: packed[at + 3]! };
  });
}

// The server's tables, shared by its routes.
export const FRAGMENT_TABLES = createFragmentTables();
