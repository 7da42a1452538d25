// A Node preload for tests that must prove what a process reaches out to:
//
//   PGA_NETWORK_LOG=/tmp/net.jsonl node --require test/helpers/record-network.cjs dist/cli.js ...
//
// Appends one JSON line per outbound attempt to the file PGA_NETWORK_LOG names: TCP/unix-socket connects
// (net.Socket#connect, which net.connect, tls.connect, http(s), undici/fetch and node-postgres all go through),
// tls.connect, DNS (dns.lookup/resolve*/lookupService, callback and promise APIs, Resolver objects),
// http(s).request/get, http2.connect, globalThis.fetch, UDP (dgram), listening servers, child processes (every
// spawn/exec/execFile/fork and the *Sync forms: a spawned curl is seen by its command line) and worker threads.
// The first line of each process and thread is {"event":"start"}, so a test can tell "nothing happened"
// from "the recorder was not loaded". It records and passes everything through; it never throws into the code
// it watches. Workers inherit --require from the parent's execArgv; a Worker created with its own execArgv gets
// the preload added (recorded as injected), so no thread goes unwatched.
'use strict';

const KEY = Symbol.for('pg-architect.network-recorder');
const LOG = process.env.PGA_NETWORK_LOG;

if (LOG && !globalThis[KEY]) {
  globalThis[KEY] = true;
  install(LOG);
}

function install(logFile) {
  const fs = require('node:fs');
  const appendFileSync = fs.appendFileSync;
  const { threadId } = require('node:worker_threads');

  function frames() {
    const stack = String(new Error().stack || '').split('\n').slice(1);
    return stack
      .map((l) => l.trim().replace(/^at /, ''))
      .filter((l) => !l.includes('record-network.cjs'))
      .slice(0, 4);
  }

  function record(event, details) {
    try {
      const line = JSON.stringify({ event, pid: process.pid, thread: threadId, ...details, ...(event === 'start' ? {} : { at: frames() }) });
      appendFileSync(logFile, line + '\n');
    } catch {
      // Recording must never break the process under test.
    }
  }

  /** Replaces obj[name] with a wrapper that records, then calls the original with the same this and arguments. */
  function wrap(obj, name, describe) {
    try {
      const original = obj && obj[name];
      if (typeof original !== 'function' || original[KEY]) return;
      const wrapped = function (...args) {
        let details;
        try {
          details = describe.apply(this, args);
        } catch (e) {
          details = { describeFailed: String(e && e.message) };
        }
        if (details) record(details.event, details);
        return new.target ? Reflect.construct(original, args, new.target) : original.apply(this, args);
      };
      Object.defineProperty(wrapped, KEY, { value: true });
      Object.defineProperty(wrapped, 'name', { value: original.name });
      Object.defineProperty(wrapped, 'length', { value: original.length });
      // Statics too, symbol-keyed ones included (util.promisify.custom and friends), so promisify still works.
      for (const k of Reflect.ownKeys(original)) {
        if (k === 'length' || k === 'name' || k === KEY) continue;
        try {
          Object.defineProperty(wrapped, k, Object.getOwnPropertyDescriptor(original, k));
        } catch {
          // a non-configurable static stays on the original only
        }
      }
      const descriptor = Object.getOwnPropertyDescriptor(obj, name);
      if (descriptor && !descriptor.writable && !descriptor.set && descriptor.configurable) Object.defineProperty(obj, name, { ...descriptor, value: wrapped });
      else obj[name] = wrapped;
    } catch {
      // a frozen or odd export: leave it as it is
    }
  }

  const text = (v) => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : String(v));

  /** host/port/path of net.Socket#connect's argument forms, including net's internal [options, cb] array. */
  function socketTarget(args) {
    let first = args[0];
    if (Array.isArray(first)) first = first[0];
    if (first && typeof first === 'object') {
      if (first.path) return { path: text(first.path) };
      return { host: text(first.host) ?? 'localhost', port: Number(first.port), family: first.family };
    }
    if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
    return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: Number(first) };
  }

  function urlOf(input) {
    if (typeof input === 'string') return input;
    if (input && typeof input === 'object') {
      if (typeof input.href === 'string') return input.href;
      if (typeof input.url === 'string') return input.url;
      const protocol = input.protocol || 'http:';
      return `${protocol}//${input.hostname || input.host || 'localhost'}${input.port ? `:${input.port}` : ''}${input.path || '/'}`;
    }
    return text(input);
  }

  // TCP and unix sockets.
  const net = require('node:net');
  wrap(net.Socket.prototype, 'connect', function (...args) {
    return { event: 'connect', ...socketTarget(args) };
  });
  wrap(net.Server.prototype, 'listen', function (...args) {
    const first = args[0];
    const target = first && typeof first === 'object' ? { port: first.port, host: first.host, path: first.path, handle: first.fd !== undefined || first._handle !== undefined } : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
    return { event: 'listen', ...target };
  });

  const tls = require('node:tls');
  wrap(tls, 'connect', function (...args) {
    const o = args.find((a) => a && typeof a === 'object') || {};
    return { event: 'tls', host: text(o.host ?? (typeof args[1] === 'string' ? args[1] : undefined)), port: Number(o.port ?? args[0]), servername: text(o.servername), path: text(o.path), upgradesSocket: !!o.socket };
  });

  // DNS: every lookup and query, through the module functions, the promise API and Resolver objects.
  const dns = require('node:dns');
  const resolveNames = ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCaa', 'resolveCname', 'resolveMx', 'resolveNaptr', 'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTxt', 'reverse'];
  const dnsTargets = [
    [dns, 'dns'],
    [dns.promises, 'dns.promises'],
    [dns.Resolver && dns.Resolver.prototype, 'dns.Resolver'],
    [dns.promises && dns.promises.Resolver && dns.promises.Resolver.prototype, 'dns.promises.Resolver'],
  ];
  for (const [target, label] of dnsTargets) {
    if (!target) continue;
    for (const name of ['lookup', 'lookupService', ...resolveNames]) {
      wrap(target, name, function (hostname) {
        return { event: 'dns', method: `${label}.${name}`, hostname: text(hostname) };
      });
    }
  }

  // HTTP clients (their sockets are recorded as connects too).
  for (const [moduleName, label] of [
    ['node:http', 'http'],
    ['node:https', 'https'],
  ]) {
    const m = require(moduleName);
    for (const name of ['request', 'get']) {
      wrap(m, name, function (input, options) {
        return { event: 'http', method: `${label}.${name}`, url: urlOf(typeof input === 'string' || (input && input.href) ? input : options || input) };
      });
    }
  }
  const http2 = require('node:http2');
  wrap(http2, 'connect', function (authority) {
    return { event: 'http', method: 'http2.connect', url: urlOf(authority) };
  });
  if (typeof globalThis.fetch === 'function') {
    wrap(globalThis, 'fetch', function (input) {
      return { event: 'fetch', url: urlOf(input) };
    });
  }

  // UDP.
  const dgram = require('node:dgram');
  wrap(dgram.Socket.prototype, 'send', function (...args) {
    const port = args.find((a, i) => i > 0 && typeof a === 'number' && Number.isInteger(a) && a > 0 && a < 65536);
    const address = args.find((a, i) => i > 0 && typeof a === 'string');
    return { event: 'udp', method: 'send', host: address, port };
  });
  wrap(dgram.Socket.prototype, 'connect', function (port, address) {
    return { event: 'udp', method: 'connect', host: text(address), port: Number(port) };
  });
  wrap(dgram.Socket.prototype, 'bind', function (port, address) {
    const o = port && typeof port === 'object' ? port : { port, address };
    return { event: 'listen', udp: true, port: o.port, host: text(o.address) };
  });

  // Child processes: ChildProcess#spawn is what spawn, exec, execFile and fork all end in; the *Sync forms
  // have their own entry points.
  const childProcess = require('node:child_process');
  wrap(childProcess.ChildProcess.prototype, 'spawn', function (options) {
    const o = options || {};
    return { event: 'spawn', method: 'spawn', file: text(o.file), args: Array.isArray(o.args) ? o.args.map(String) : undefined, cwd: text(o.cwd) };
  });
  wrap(childProcess, 'spawnSync', function (file, args) {
    return { event: 'spawn', method: 'spawnSync', file: text(file), args: Array.isArray(args) ? args.map(String) : undefined };
  });
  wrap(childProcess, 'execFileSync', function (file, args) {
    return { event: 'spawn', method: 'execFileSync', file: text(file), args: Array.isArray(args) ? args.map(String) : undefined };
  });
  wrap(childProcess, 'execSync', function (command) {
    return { event: 'spawn', method: 'execSync', file: '/bin/sh', args: ['-c', text(command)] };
  });

  // Worker threads: recorded, and always started with this preload.
  const workerThreads = require('node:worker_threads');
  const self = __filename;
  const OriginalWorker = workerThreads.Worker;
  if (typeof OriginalWorker === 'function' && !OriginalWorker[KEY]) {
    class RecordedWorker extends OriginalWorker {
      constructor(filename, options) {
        let opts = options;
        let injected = false;
        try {
          if (opts && Array.isArray(opts.execArgv) && !opts.execArgv.some((a, i, all) => a.includes('record-network.cjs') || (a === '--require' && String(all[i + 1]).includes('record-network.cjs')))) {
            opts = { ...opts, execArgv: ['--require', self, ...opts.execArgv] };
            injected = true;
          }
          const env = opts && opts.env;
          if (env && typeof env === 'object' && !env.PGA_NETWORK_LOG) opts = { ...opts, env: { ...env, PGA_NETWORK_LOG: logFile } };
        } catch {
          opts = options;
        }
        record('worker', { filename: urlOf(filename), eval: !!(options && options.eval), injected });
        super(filename, opts);
      }
    }
    Object.defineProperty(RecordedWorker, KEY, { value: true });
    try {
      workerThreads.Worker = RecordedWorker;
    } catch {
      // not replaceable: workers still inherit --require by default
    }
  }

  record('start', { argv: process.argv.slice(1), execArgv: process.execArgv });
}
