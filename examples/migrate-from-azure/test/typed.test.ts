// The TypeScript drop-in: src/typed-app.ts uses every export of @azure/web-pubsub 1.2.0 and every
// constructor and per-call option it accepts. It must compile with the example's compiler settings as
// it is, and again with only its import changed to @hubcast/server (against the built declarations,
// as an app sees them). The second file exists only in the compiler's memory, so the two cannot drift.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const APP = here('../src/typed-app.ts');
/** Next to the original, so that module resolution is the same. */
const SWAPPED = here('../src/typed-app.hubcast.ts');
const AZURE_IMPORT = "} from '@azure/web-pubsub';";

function swappedSource(): string {
  const text = readFileSync(APP, 'utf8');
  const lines = text.split('\n').filter((line) => line === AZURE_IMPORT);
  // The swap below must change exactly the one import statement.
  expect(lines).toHaveLength(1);
  return text.replace(AZURE_IMPORT, "} from '@hubcast/server';");
}

function diagnosticsOf(file: string, source?: string): string[] {
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
  const options = { ...config.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  if (source !== undefined) {
    const { fileExists, readFile } = host;
    host.fileExists = (name) => name === file || fileExists(name);
    host.readFile = (name) => (name === file ? source : readFile(name));
  }
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}

it('the file written against @azure/web-pubsub compiles', () => {
  expect(diagnosticsOf(APP)).toEqual([]);
});

it('the same file importing @hubcast/server compiles', () => {
  expect(diagnosticsOf(SWAPPED, swappedSource())).toEqual([]);
});

it('a type error in the swapped file is reported (the in-memory file is what gets compiled)', () => {
  const broken = swappedSource().replace(
    "import { Agent } from 'node:https';",
    "import { Agent } from 'node:https';\nconst wrong: number = 'not a number';",
  );
  expect(diagnosticsOf(SWAPPED, broken).join('\n')).toMatch(/not assignable to type 'number'/);
});
