import '../../scripts/lib/node20-polyfills.mjs';
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'emulator',
    include: ['test/**/*.test.ts'],
    // Generous: CI has 2 cores and real clients over real sockets; tests stay fast when idle.
    testTimeout: 30_000,
  },
});
