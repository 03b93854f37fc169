#!/usr/bin/env node
// `pnpm test:release`: proves a release end to end against a real local npm registry (verdaccio).
// 1. Copies the working tree to a temp repo, installs offline, runs `pnpm version-packages` and
//    `pnpm release` (build + changeset publish) against verdaccio on 127.0.0.1.
// 2. Asserts every public package was published at its new version, with `workspace:` ranges rewritten
//    and a git tag per package.
// 3. In a fresh temp project, `npm install`s @hubcast/server and @hubcast/emulator from that registry and
//    checks that every installed @hubcast package carries the LICENSE and a README with absolute links
//    only, an ESM import, a CJS require (both with the `events` subpath), `tsc --noEmit` of a TypeScript
//    consumer and a real send.
// Verdaccio is stopped by its PID whatever happens.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { relativeLinks } from './lib/package-docs.mjs';
import { consumerFiles } from './lib/release-consumer.mjs';
import { startVerdaccio } from './lib/verdaccio.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'hubcast-release-'));
const repo = join(work, 'repo');
const consumer = join(work, 'consumer');

function run(cmd, args, { cwd, env = {}, quiet = true } = {}) {
  try {
    return execFileSync(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: quiet ? 'pipe' : 'inherit',
    });
  } catch (error) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed in ${cwd}:\n${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
  }
}

function check(condition, message) {
  if (!condition) throw new Error(`release test: ${message}`);
  console.log(`  ok  ${message}`);
}

/** Tracked and untracked-but-not-ignored files: what a commit of the working tree would contain. */
function copyWorkingTree() {
  const files = run('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    try {
      cpSync(join(root, file), join(repo, file));
    } catch (error) {
      if (error.code !== 'ENOENT') throw error; // deleted in the working tree
    }
  }
  const git = ['-c', 'user.name=release-test', '-c', 'user.email=release-test@localhost'];
  run('git', ['init', '-q', '-b', 'main'], { cwd: repo });
  run('git', ['add', '-A'], { cwd: repo });
  run('git', [...git, 'commit', '-qm', 'release test snapshot'], { cwd: repo });
}

function publicPackages() {
  return readdirSync(join(repo, 'packages'))
    .map((dir) => JSON.parse(readFileSync(join(repo, 'packages', dir, 'package.json'), 'utf8')))
    .filter((pkg) => !pkg.private);
}

async function main() {
  console.log(`release test in ${work}`);
  copyWorkingTree();
  run('pnpm', ['install', '--offline', '--frozen-lockfile'], { cwd: repo });
  const before = new Map(publicPackages().map((p) => [p.name, p.version]));

  const registry = await startVerdaccio(join(work, 'registry'));
  try {
    const env = { npm_config_registry: registry.url, npm_config_userconfig: registry.npmrc };
    run('pnpm', ['version-packages'], { cwd: repo, env: { ...env, npm_config_offline: 'true' } });
    run('pnpm', ['release'], { cwd: repo, env });

    const packages = publicPackages();
    const versions = new Map(packages.map((p) => [p.name, p.version]));
    const tags = run('git', ['tag', '--list'], { cwd: repo }).split('\n');
    console.log(`published ${packages.length} packages:`);
    for (const pkg of packages) {
      check(
        pkg.version !== before.get(pkg.name),
        `${pkg.name} was versioned (${before.get(pkg.name)} → ${pkg.version})`,
      );
      const doc = await registry.manifest(pkg.name);
      check(
        doc['dist-tags']?.latest === pkg.version,
        `${pkg.name}@${pkg.version} is latest on the registry`,
      );
      const published = doc.versions[pkg.version];
      const ranges = { ...published.dependencies, ...published.peerDependencies };
      check(
        !Object.values(ranges).some((r) => String(r).startsWith('workspace:')),
        `${pkg.name} has no workspace: ranges`,
      );
      for (const [dep, range] of Object.entries(ranges)) {
        if (versions.has(dep))
          check(range === `^${versions.get(dep)}`, `${pkg.name} depends on ${dep}@${range}`);
      }
      check(
        tags.includes(`${pkg.name}@${pkg.version}`),
        `git tag ${pkg.name}@${pkg.version} exists`,
      );
    }

    console.log('consumer project:');
    mkdirSync(consumer, { recursive: true });
    for (const [name, text] of Object.entries(consumerFiles))
      writeFileSync(join(consumer, name), text);
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '@hubcast/server',
        '@hubcast/emulator',
        '@hubcast/webpubsub-rest',
        '@types/node@20',
      ],
      {
        cwd: consumer,
        env,
      },
    );
    const installed = JSON.parse(
      readFileSync(join(consumer, 'node_modules/@hubcast/server/package.json'), 'utf8'),
    );
    // What npm users see besides the code: the license, and READMEs whose links work outside the repo.
    const license = readFileSync(join(root, 'LICENSE'), 'utf8');
    for (const pkg of packages) {
      const dir = join(consumer, 'node_modules', pkg.name);
      const shipped = readdirSync(dir);
      check(
        shipped.includes('LICENSE') && readFileSync(join(dir, 'LICENSE'), 'utf8') === license,
        `${pkg.name} ships the repository's LICENSE`,
      );
      const relative = relativeLinks(readFileSync(join(dir, 'README.md'), 'utf8'));
      check(
        relative.length === 0,
        `${pkg.name}'s README links only to absolute URLs${relative.length ? ` (not: ${relative.join(', ')})` : ''}`,
      );
    }
    check(
      run('git', ['status', '--porcelain', '--', 'packages/*/README.md', 'packages/*/LICENSE'], {
        cwd: repo,
      }).trim() === '',
      'publishing put the READMEs back and removed the LICENSE copies',
    );
    check(
      installed.version === versions.get('@hubcast/server'),
      `installed @hubcast/server@${installed.version}`,
    );
    check(run('node', ['esm.mjs'], { cwd: consumer }).includes('esm ok'), 'ESM import works');
    check(
      run('node', ['cjs.cjs'], { cwd: consumer }).includes('cjs ok'),
      'CJS require works (Node >= 20.19)',
    );
    run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: consumer,
    });
    check(true, 'tsc --noEmit passes on a TypeScript consumer');
    const sent = run('node', ['--experimental-websocket', '--no-warnings', 'send.mjs'], {
      cwd: consumer,
    });
    check(
      sent.includes('send ok'),
      `a real send reached a client through the installed emulator (${sent.trim()})`,
    );
  } catch (error) {
    console.error(`verdaccio output:\n${registry.logs()}`);
    throw error;
  } finally {
    registry.stop();
  }
  rmSync(work, { recursive: true, force: true });
  console.log('release test passed');
}

main().catch((error) => {
  console.error(error.message);
  console.error(`(work folder kept for inspection: ${work})`);
  process.exit(1);
});
