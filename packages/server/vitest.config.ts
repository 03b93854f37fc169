import '../../scripts/lib/node20-polyfills.mjs';
import { readFileSync } from 'node:fs';
import { defineProject } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8'));

export default defineProject({
  // As the build does (scripts/bundle-dist.mjs), so tests see the real User-Agent.
  define: { __PACKAGE_VERSION__: JSON.stringify(version) },
  test: {
    name: 'server',
    include: ['test/**/*.test.ts'],
  },
});
