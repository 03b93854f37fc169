// The TypeScript drop-in: src/typed-before.ts uses every export of @azure/web-pubsub 1.2.0 and every
// constructor and per-call option it accepts; src/typed-after.ts is the same file importing
// @hubcast/server. Both must compile with the example's compiler settings (against the built
// @hubcast/server declarations, as an app sees them), and differ only in the import.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

function diagnosticsOf(file: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    here('../tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  const program = ts.createProgram([file], { ...config.options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}

it('the file written against @azure/web-pubsub compiles', () => {
  expect(diagnosticsOf(here('../src/typed-before.ts'))).toEqual([]);
});

it('the same file importing @hubcast/server compiles', () => {
  expect(diagnosticsOf(here('../src/typed-after.ts'))).toEqual([]);
});

it('typed-before.ts and typed-after.ts differ only in the import', async () => {
  const [before, after] = await Promise.all(
    ['typed-before', 'typed-after'].map((name) =>
      readFile(here(`../src/${name}.ts`), 'utf8').then((text) => text.split('\n')),
    ),
  );
  expect(after).toHaveLength(before.length);
  const differing = before.flatMap((line, i) => (line === after[i] ? [] : [[line, after[i]]]));
  expect(differing).toEqual([["} from '@azure/web-pubsub';", "} from '@hubcast/server';"]]);
});
