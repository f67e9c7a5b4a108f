// The last step of `npm run build`: copies the page (src/web/page/) and hls.js from its npm package
// into dist/web/page/, where the server reads them. The page has no build of its own; the vendored
// script loses only its source-map comment (the map is not shipped).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PAGE_DIR, PAGE_FILES } from './page-files.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCE_MAP = /\n\/\/# sourceMappingURL=\S+\s*$/;

const target = path.join(ROOT, 'dist', PAGE_DIR);
mkdirSync(target, { recursive: true });
for (const file of PAGE_FILES) {
  const from = path.join(ROOT, file.from);
  if (file.from.startsWith('node_modules/') && file.name.endsWith('.mjs')) writeFileSync(path.join(target, file.name), readFileSync(from, 'utf8').replace(SOURCE_MAP, '\n'));
  else copyFileSync(from, path.join(target, file.name));
}
