// The published READMEs' links (scripts/lib/package-docs.mjs): repo-relative links become absolute
// GitHub links, anchors and URLs stay, code blocks are left alone, and the check finds what is left.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { absoluteLinks, publishedDocs, REPO_BLOB, relativeLinks } from '../lib/package-docs.mjs';

const root = '/repo';
const pkg = '/repo/packages/server';

describe('absoluteLinks', () => {
  it('points repo-relative links and images at GitHub, keeping anchors, titles and URLs', () => {
    const readme = [
      'See [the spec](../../specs/webpubsub.yaml) and [bench](../../BENCHMARKS.md#item-3 "numbers").',
      'Also [events](#receiving-events), [npm](https://www.npmjs.com/package/x) and ![logo](docs/logo.png).',
      '[ref]: ./src/index.ts',
    ].join('\n');
    expect(absoluteLinks(readme, pkg, root)).toBe(
      [
        `See [the spec](${REPO_BLOB}/specs/webpubsub.yaml) and [bench](${REPO_BLOB}/BENCHMARKS.md#item-3 "numbers").`,
        `Also [events](#receiving-events), [npm](https://www.npmjs.com/package/x) and ![logo](${REPO_BLOB}/packages/server/docs/logo.png).`,
        `[ref]: ${REPO_BLOB}/packages/server/src/index.ts`,
      ].join('\n'),
    );
  });

  it('leaves code blocks alone', () => {
    const readme = 'Text [a](./a.md)\n\n```ts\nhandlers[name](args);\n```\n';
    expect(absoluteLinks(readme, pkg, root)).toBe(
      `Text [a](${REPO_BLOB}/packages/server/a.md)\n\n\`\`\`ts\nhandlers[name](args);\n\`\`\`\n`,
    );
    expect(relativeLinks(readme)).toEqual(['./a.md']);
  });

  it('refuses a link out of the repository', () => {
    expect(() => absoluteLinks('[x](../../../elsewhere.md)', pkg, root)).toThrow(
      /outside the repository/,
    );
  });
});

describe('relativeLinks', () => {
  it('finds what would 404 on npm, and nothing after the rewrite', () => {
    const readme = '[a](../b.md) [c](#d) [e](mailto:x@y.z) [f](http://x.y)\n[g]: ../../h.md';
    expect(relativeLinks(readme)).toEqual(['../b.md', '../../h.md']);
    expect(relativeLinks(absoluteLinks(readme, pkg, root))).toEqual([]);
  });

  it('every package README of this repository is clean once rewritten', () => {
    const repo = join(import.meta.dirname, '..', '..');
    for (const name of ['server', 'emulator', 'webpubsub-rest', 'signalr-rest']) {
      const dir = join(repo, 'packages', name);
      const [license, readme] = publishedDocs(dir, repo, (path: string) =>
        readFileSync(path, 'utf8'),
      );
      expect(license?.[1]).toContain('MIT License');
      expect(relativeLinks(String(readme?.[1]))).toEqual([]);
    }
  });
});

describe('publishedDocs', () => {
  it('gives the package the root LICENSE and its rewritten README', () => {
    const repo = mkdtempSync(join(tmpdir(), 'hubcast-docs-'));
    mkdirSync(join(repo, 'packages', 'p'), { recursive: true });
    writeFileSync(join(repo, 'LICENSE'), 'MIT License\n');
    writeFileSync(join(repo, 'packages', 'p', 'README.md'), '[spec](../../specs/x.yaml)\n');
    const docs = publishedDocs(join(repo, 'packages', 'p'), repo, (path: string) =>
      readFileSync(path, 'utf8'),
    );
    expect(docs).toEqual([
      [join(repo, 'packages', 'p', 'LICENSE'), 'MIT License\n'],
      [join(repo, 'packages', 'p', 'README.md'), `[spec](${REPO_BLOB}/specs/x.yaml)\n`],
    ]);
  });
});
