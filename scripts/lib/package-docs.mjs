// What the published packages carry besides their code: the repository's LICENSE, and a README whose
// links work on npm. READMEs in the repo link to other files relatively (which GitHub resolves on any
// branch); npm shows the README outside the repo, where such a link 404s, so the published copy links
// to the file on GitHub's main branch instead. `pnpm release` (scripts/publish.mjs) applies both while it
// publishes, and the release rehearsal (scripts/release-test.mjs) checks the installed packages.
import { join, posix, relative, sep } from 'node:path';

/** Where repo files are linked from the published READMEs. */
export const REPO_BLOB = 'https://github.com/hubcast/hubcast/blob/main';

/** Inline links and images `[text](target "title")`, and reference definitions `[id]: target`. */
const LINK = /(!?\[[^\]]*\]\()([^)\s]+)((?:\s+"[^"]*")?\))|^(\s{0,3}\[[^\]]+\]:\s*)(\S+)/gm;

/** A target that works wherever the README is shown: a URL with a scheme, or an in-page anchor. */
const isPortable = (target) => /^[a-z][a-z\d+.-]*:/i.test(target) || target.startsWith('#');

/** Splits `markdown` into prose and fenced code blocks; `[i](x)` in code is code, not a link. */
function prose(markdown, transform) {
  return markdown
    .split(/^(```[\s\S]*?^```)$/m)
    .map((part, i) => (i % 2 === 1 ? part : transform(part)))
    .join('');
}

/** Every link target of `markdown` that only resolves inside the repository. */
export function relativeLinks(markdown) {
  const targets = [];
  prose(markdown, (text) => {
    for (const m of text.matchAll(LINK)) targets.push(m[2] ?? m[5]);
    return text;
  });
  return targets.filter((target) => !isPortable(target));
}

/**
 * `markdown` (the README of the package at `packageDir`, relative to the repo root `root`) with its
 * repo-relative links pointing at {@link REPO_BLOB}.
 */
export function absoluteLinks(markdown, packageDir, root) {
  const base = relative(root, packageDir).split(sep).join('/');
  const absolute = (target) => {
    if (isPortable(target)) return target;
    const path = posix.normalize(posix.join(base, target));
    if (path.startsWith('..'))
      throw new Error(`${base}/README.md links outside the repository: ${target}`);
    return `${REPO_BLOB}/${path}`;
  };
  return prose(markdown, (text) =>
    text.replace(LINK, (...m) =>
      m[1] !== undefined ? `${m[1]}${absolute(m[2])}${m[3]}` : `${m[4]}${absolute(m[5])}`,
    ),
  );
}

/** The files a package's tarball gets from here, as [path, contents]. */
export function publishedDocs(packageDir, root, readFile) {
  return [
    [join(packageDir, 'LICENSE'), readFile(join(root, 'LICENSE'))],
    [
      join(packageDir, 'README.md'),
      absoluteLinks(readFile(join(packageDir, 'README.md')), packageDir, root),
    ],
  ];
}
