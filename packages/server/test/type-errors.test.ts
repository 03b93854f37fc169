// What the compiler tells a user who gets a constructor or a send wrong: the error must point at the
// wrong option or value, not at an overload they did not mean ("'string' is not assignable to
// AzureKeyCredential" for a connection string with a wrong option).
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const testDir = fileURLToPath(new URL('.', import.meta.url));

/** Compiles `code` as a file of this folder and returns its error messages. */
function errorsOf(code: string): string[] {
  const file = `${testDir}virtual-user-code.ts`;
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
  host.getSourceFile = (name, version, ...rest) =>
    name === file
      ? ts.createSourceFile(name, code, version)
      : getSourceFile.call(host, name, version, ...rest);
  const fileExists = host.fileExists;
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const header = `import { SignalRServiceClient, WebPubSubServiceClient } from '../src/index.js';\n`;

describe('constructor errors name the wrong option', () => {
  it.each([
    ['WebPubSubServiceClient', "{ retryOptions: { maxRetries: 'x' } }", 'maxRetries'],
    ['WebPubSubServiceClient', "{ timeoutInMs: '5s' }", 'timeoutInMs'],
    ['WebPubSubServiceClient', '{ retry: { maxRetry: 2 } }', 'maxRetry'],
    ['SignalRServiceClient', "{ apiVersion: '2022-06-01' }", 'apiVersion'],
  ])('%s(connectionString, hub, %s)', (client, options, named) => {
    const errors = errorsOf(
      `${header}new ${client}('Endpoint=x;AccessKey=k;', 'hub', ${options});\n`,
    );
    expect(errors).toHaveLength(1);
    // The first line states the call's two forms; what follows is the explanation a user reads.
    const explanation = (errors[0] as string).split('\n').slice(1).join('\n');
    expect(explanation).toContain('[connectionString: string, hubName: string');
    expect(explanation).toContain(named);
    expect(explanation).not.toMatch(/AzureKeyCredential|KeyCredential|TokenCredential/);
  });

  it('a wrong option in the credential form names it too', () => {
    const errors = errorsOf(
      `${header}new WebPubSubServiceClient('https://x', { key: 'k' }, 'hub', { allowInsecureConnection: 'yes' });\n`,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('allowInsecureConnection');
  });

  it('every option of @azure/web-pubsub is known (no excess-property error)', () => {
    const errors = errorsOf(
      `${header}new WebPubSubServiceClient('cs', 'hub', { proxyOptions: { host: 'p', port: 1 }, agent: {}, tlsOptions: {}, httpClient: { sendRequest: async () => ({}) }, redirectOptions: { maxRetries: 0 }, userAgentOptions: { userAgentPrefix: 'a' }, telemetryOptions: {}, loggingOptions: { additionalAllowedHeaderNames: [] }, additionalPolicies: [], retryOptions: {}, reverseProxyEndpoint: 'https://p', allowInsecureConnection: false });\n`,
    );
    expect(errors).toEqual([]);
  });
});

describe('send errors say what is wrong with the message', () => {
  it.each([
    ['null', 'null'],
    ['a Map', 'new Map()'],
  ])('sendToAll(%s)', (_name, value) => {
    const errors = errorsOf(
      `${header}declare const c: WebPubSubServiceClient;\nvoid c.sendToAll(${value});\n`,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /message must be JSON, text or binary data: convert Maps|not assignable to parameter of type 'Message'/,
    );
  });

  it('a typed hub names the argument that does not fit', () => {
    const errors = errorsOf(
      `${header}declare const c: SignalRServiceClient<{ newMessage: [user: string, text: string] }>;\nvoid c.sendToAll('newMessage', ['alice', 42]);\n`,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("'number' is not assignable to type 'string'");
  });
});
