#!/usr/bin/env node
// Part of `build`: the inspector page (plain HTML, CSS and JavaScript modules, served as they are) is
// copied next to the compiled inspector, where it is looked up at run time. tsc copies no such files.
import { cpSync, rmSync } from 'node:fs';

const from = new URL('../src/inspector/page/', import.meta.url);
const to = new URL('../dist/inspector/page/', import.meta.url);
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
