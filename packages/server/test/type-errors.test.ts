// What the compiler tells a user who gets a constructor or a send wrong: the error must point at the
// wrong option or value, not at an overload they did not mean ("'string' is not assignable to
// AzureKeyCredential" for a connection string with a wrong option).
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const testDir = fileURLToPath(new URL('.', import.meta.url));

const snippets: string[] = [];

/**
 * Registers `code` as a file of this folder and returns a getter of its error messages. All snippets
 * compile in one program (one type-check of the package, not one per case), the first time one is read.
 */
function errorsOf(code: string): () => string[] {
  const index = snippets.push(code) - 1;
  return () => compiled()[index] as string[];
}

let results: string[][] | undefined;
function compiled(): string[][] {
  if (results) return results;
  const files = snippets.map((_, i) => `${testDir}virtual-user-code-${i}.ts`);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (name, version, ...rest) => {
    const i = files.indexOf(name);
    return i >= 0
      ? ts.createSourceFile(name, snippets[i] as string, version)
      : getSourceFile.call(host, name, version, ...rest);
  };
  const fileExists = host.fileExists;
  host.fileExists = (name) => files.includes(name) || fileExists.call(host, name);
  const program = ts.createProgram(files, options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  results = files.map((file) =>
    diagnostics
      .filter((d) => d.file?.fileName === file)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  );
  return results;
}

const header = `import { SignalRServiceClient, WebPubSubServiceClient } from '../src/index.js';\n`;

// Registered while the file loads, so one compilation covers every case.
const wrongOptions = [
  ['WebPubSubServiceClient', "{ retryOptions: { maxRetries: 'x' } }", 'maxRetries'],
  ['WebPubSubServiceClient', "{ timeoutInMs: '5s' }", 'timeoutInMs'],
  ['WebPubSubServiceClient', '{ retry: { maxRetry: 2 } }', 'maxRetry'],
  ['SignalRServiceClient', "{ apiVersion: '2022-06-01' }", 'apiVersion'],
].map(([client, options, named]) => ({
  name: `${client}(connectionString, hub, ${options})`,
  named: named as string,
  errors: errorsOf(`${header}new ${client}('Endpoint=x;AccessKey=k;', 'hub', ${options});\n`),
}));
const credentialForm = errorsOf(
  `${header}new WebPubSubServiceClient('https://x', { key: 'k' }, 'hub', { allowInsecureConnection: 'yes' });\n`,
);
const everyOption = errorsOf(
  `${header}new WebPubSubServiceClient('cs', 'hub', { proxyOptions: { host: 'p', port: 1 }, agent: {}, tlsOptions: {}, httpClient: { sendRequest: async () => ({}) }, redirectOptions: { maxRetries: 0 }, userAgentOptions: { userAgentPrefix: 'a' }, telemetryOptions: {}, loggingOptions: { additionalAllowedHeaderNames: [] }, additionalPolicies: [], retryOptions: {}, reverseProxyEndpoint: 'https://p', allowInsecureConnection: false });\n`,
);
const badMessages = [
  ['null', 'null'],
  ['a Map', 'new Map()'],
].map(([name, value]) => ({
  name: name as string,
  errors: errorsOf(
    `${header}declare const c: WebPubSubServiceClient;\nvoid c.sendToAll(${value});\n`,
  ),
}));
const typedHub = errorsOf(
  `${header}declare const c: SignalRServiceClient<{ newMessage: [user: string, text: string] }>;\nvoid c.sendToAll('newMessage', ['alice', 42]);\n`,
);

// The first test compiles the package (seconds on a busy machine).
describe('constructor errors name the wrong option', { timeout: 120_000 }, () => {
  it.each(wrongOptions)('$name', ({ named, errors }) => {
    expect(errors()).toHaveLength(1);
    // The first line states the call's two forms; what follows is the explanation a user reads.
    const explanation = (errors()[0] as string).split('\n').slice(1).join('\n');
    expect(explanation).toContain('[connectionString: string, hubName: string');
    expect(explanation).toContain(named);
    expect(explanation).not.toMatch(/AzureKeyCredential|KeyCredential|TokenCredential/);
  });

  it('a wrong option in the credential form names it too', () => {
    expect(credentialForm()).toHaveLength(1);
    expect(credentialForm()[0]).toContain('allowInsecureConnection');
  });

  it('every option of @azure/web-pubsub is known (no excess-property error)', () => {
    expect(everyOption()).toEqual([]);
  });
});

describe('send errors say what is wrong with the message', { timeout: 120_000 }, () => {
  it.each(badMessages)('sendToAll($name)', ({ errors }) => {
    expect(errors()).toHaveLength(1);
    expect(errors()[0]).toMatch(
      /message must be JSON, text or binary data: convert Maps|not assignable to parameter of type 'Message'/,
    );
  });

  it('a typed hub names the argument that does not fit', () => {
    expect(typedHub()).toHaveLength(1);
    expect(typedHub()[0]).toContain("'number' is not assignable to type 'string'");
  });
});
