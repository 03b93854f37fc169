import '../../scripts/lib/node20-polyfills.mjs';
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-chat',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
