import '../../scripts/lib/node20-polyfills.mjs';
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'runtime-matrix',
    include: ['test/**/*.test.ts'],
    // Each row starts a real runtime process; a cold machine may also download the runtimes first.
    testTimeout: 90_000,
    hookTimeout: 300_000,
  },
});
