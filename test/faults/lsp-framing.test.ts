// Hardening, item 11 (language server): a malformed frame on stdio (a bad or missing Content-Length, garbage
// between messages, a body shorter than its Content-Length) used to leave the server alive and deaf. It now says
// why on stderr and exits with a non-zero code, so the client restarts it. The server process is the built one
// (node dist/server.js --stdio), written to byte by byte as a client would.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ensureServerBuilt, ROOT, SERVER_BUNDLE } from '../helpers/lsp-client';

function frame(message: object): string {
  const body = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

const INITIALIZE = frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
const INITIALIZED = frame({ jsonrpc: '2.0', method: 'initialized', params: {} });
const HOVER = frame({ jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x.sql' }, position: { line: 0, character: 0 } } });

interface Server {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/** Servers started by the current test, ended after it whatever happened. */
const started: ChildProcessWithoutNullStreams[] = [];

/** The built server over stdio, initialized and answering. */
async function startServer(): Promise<Server> {
  const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stdin.write(INITIALIZE);
  child.stdin.write(INITIALIZED);
  child.stdin.write(HOVER);
  // Alive and answering: the hover request (id 2) gets its reply.
  while (!/"id":2/.test(out)) {
    const code = await Promise.race([exited, new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), 50))]);
    if (code !== 'waiting') assert.fail(`the server exited (${code}) before answering: ${err}`);
  }
  return { child, exited, stdout: () => out, stderr: () => err };
}

/** Writes `bytes` and waits for the server to end (the test's timeout catches a server that does not). */
async function exitAfter(bytes: string): Promise<{ code: number | null; stderr: string }> {
  const server = await startServer();
  server.child.stdin.write(bytes);
  const code = await server.exited;
  return { code, stderr: server.stderr() };
}

const MALFORMED = /malformed message framing on stdin \((.+)\); exiting so the client restarts the server/;

describe('faults: malformed framing on stdio ends the language server with a reason', function () {
  this.timeout(120_000);
  before(() => ensureServerBuilt());
  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('answers well-formed messages and exits 0 after shutdown and exit', async () => {
    const server = await startServer();
    server.child.stdin.write(frame({ jsonrpc: '2.0', id: 3, method: 'shutdown', params: null }));
    server.child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit', params: null }));
    assert.equal(await server.exited, 0);
    assert.doesNotMatch(server.stderr(), MALFORMED);
  });

  it('exits on a Content-Length that is not a number', async () => {
    const r = await exitAfter('Content-Length: twelve\r\n\r\n{"jsonrpc":"2.0"}');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /Content-Length value must be a number/);
    assert.match(r.stderr, MALFORMED);
  });

  it('exits on a header without Content-Length', async () => {
    const r = await exitAfter('Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /must provide a Content-Length/);
  });

  it('exits on garbage between messages', async () => {
    const r = await exitAfter(`${HOVER}this is not a header\r\n${HOVER}`);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, MALFORMED);
  });

  it('exits on a body shorter than its Content-Length, followed by the next message', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'textDocument/hover', params: {} });
    const r = await exitAfter(`Content-Length: ${body.length + 40}\r\n\r\n${body.slice(0, -20)}${HOVER}${HOVER}`);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, MALFORMED);
  });

  it('exits on a body cut short with nothing after it', async () => {
    const r = await exitAfter('Content-Length: 500\r\n\r\n{"jsonrpc":"2.0","id":9,"method":"textDocument/hover"');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /stayed incomplete/);
  });

  it('exits on a negative Content-Length', async () => {
    const r = await exitAfter(`Content-Length: -5\r\n\r\n${HOVER}`);
    assert.notEqual(r.code, 0, r.stderr);
    assert.match(r.stderr, MALFORMED);
  });
});
