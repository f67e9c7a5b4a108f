// The page's files: the fixed list `/` and `/static/` answer (a URL names one of these, never a
// path), where the build takes each from, and its type. hls.js comes from its npm package.

// Where the build puts them, under dist/ (beside the compiled src/web/).
export const PAGE_DIR = 'web/page';

export interface PageFile {
  name: string; // as in /static/<name>
  from: string; // relative to the package's root
  type: string;
}

const JS = 'text/javascript; charset=utf-8';
const PAGE_SOURCE = 'src/web/page';

export const PAGE_FILES: readonly PageFile[] = [
  { name: 'index.html', from: `${PAGE_SOURCE}/index.html`, type: 'text/html; charset=utf-8' },
  { name: 'style.css', from: `${PAGE_SOURCE}/style.css`, type: 'text/css; charset=utf-8' },
  { name: 'app.js', from: `${PAGE_SOURCE}/app.js`, type: JS },
  { name: 'player.js', from: `${PAGE_SOURCE}/player.js`, type: JS },
  { name: 'timeline.js', from: `${PAGE_SOURCE}/timeline.js`, type: JS },
  { name: 'time.js', from: `${PAGE_SOURCE}/time.js`, type: JS },
  { name: 'hls.mjs', from: 'node_modules/hls.js/dist/hls.light.min.mjs', type: JS },
  { name: 'hls.LICENSE.txt', from: 'node_modules/hls.js/LICENSE', type: 'text/plain; charset=utf-8' },
];

// The file `/` answers; it is not under /static/.
export const INDEX = 'index.html';
