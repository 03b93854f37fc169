// The page's files (page/ next to this module: in src/ when run from source, copied to dist/ by the
// build). Served as they are: no build step at run time, nothing from a CDN. Only files that exist
// in that folder are served, by exact name, so no path can reach outside it.
import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const PAGE_DIR = new URL('./page/', import.meta.url);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface PageFile {
  readonly body: Buffer;
  readonly contentType: string;
}

export class PageFiles {
  readonly #cache = new Map<string, PageFile>();
  readonly #names: ReadonlySet<string>;

  constructor(dir: URL = PAGE_DIR) {
    this.dir = dir;
    let names: string[] = [];
    try {
      names = readdirSync(fileURLToPath(dir)).filter((name) => TYPES[extname(name)] !== undefined);
    } catch {
      // A broken install: the page answers 404 and says why (see `missing`).
    }
    this.#names = new Set(names);
  }

  readonly dir: URL;

  /** True when the page's files are not there (the package was not built or copied whole). */
  get missing(): boolean {
    return !this.#names.has('index.html');
  }

  get(name: string): PageFile | undefined {
    if (!this.#names.has(name)) return undefined;
    let file = this.#cache.get(name);
    if (!file) {
      const contentType = TYPES[extname(name)] as string;
      file = { body: readFileSync(new URL(name, this.dir)), contentType };
      this.#cache.set(name, file);
    }
    return file;
  }
}
