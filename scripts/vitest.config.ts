import './lib/node20-polyfills.mjs';
import { defineProject } from 'vitest/config';

// Tests of the repo's own scripts (codegen helpers, spec:diff).
export default defineProject({
  test: {
    name: 'scripts',
    include: ['test/**/*.test.ts'],
  },
});
