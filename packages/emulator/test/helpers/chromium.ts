// The system Chromium the browser tests drive (Debian's package; .ci/run installs it), and the flags that
// keep it headless-safe and off every network but loopback.
import { existsSync } from 'node:fs';

/** The executable, or undefined where none is installed (the browser tests then skip). */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox', // CI runs as root, where Chromium's sandbox cannot start
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
