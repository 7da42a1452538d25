// `npm run package`: a production build, then pg-architect-<version>.vsix at the repository root, checked for
// the files the installed extension needs, for files it must not carry (source, source maps) and for size.
// What goes in is decided by .vscodeignore; npm dependencies are bundled by esbuild, so vsce skips node_modules.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = `${name}-${version}.vsix`;
const vsce = join(root, 'node_modules', '.bin', 'vsce');
const MAX_BYTES = 20 * 1024 * 1024;

// Packages the bundles load at run time instead of bundling them (esbuild `external` in scripts/build.mjs), e.g.
// '@electric-sql/pglite'. Each is copied to dist/node_modules/<name>, where require() from dist/*.js finds it;
// dependencies of those packages are not followed, so list them too.
// The embedded PostgreSQL: its WASM, data image and JS, loaded at run time (esbuild leaves it external). Its
// contrib extension archives and type declarations are left out (they are most of its size).
const RUNTIME_PACKAGES = ['@electric-sql/pglite'];
const RUNTIME_EXCLUDE = [/\.map$/, /\.tar\.gz$/, /\.d\.c?ts$/, /[\\/]contrib[\\/]/];

// What the installed extension cannot work without.
const REQUIRED = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'language-configuration.json',
  'images/icon.png',
  'syntaxes/postgres.tmLanguage.json',
  'schemas/pg-architect.schema.json',
  'docs/rules/README.md',
  'dist/client.js',
  'dist/server.js',
  'dist/libpg-query.wasm',
];
const FORBIDDEN = [/\.map$/, /\.tsx?$/, /^(?!dist\/)[^/]*node_modules\//, /^(core|server|client|cli|test|scripts)\//];

function run(command, args) {
  const r = spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) fail(`${[command, ...args].join(' ')} failed (exit ${r.status ?? r.signal})\n${r.stdout ?? ''}`);
  return r.stdout;
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

console.log('package: production build');
run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production']);

const runtimeDir = join(root, 'dist', 'node_modules');
rmSync(runtimeDir, { recursive: true, force: true });
for (const pkg of RUNTIME_PACKAGES) {
  cpSync(join(root, 'node_modules', pkg), join(runtimeDir, pkg), { recursive: true, filter: (src) => !RUNTIME_EXCLUDE.some((re) => re.test(src)) });
}

const files = run(vsce, ['ls', '--no-dependencies']).split('\n').filter(Boolean);
const missing = REQUIRED.filter((f) => !files.includes(f));
if (missing.length) fail(`missing from the package: ${missing.join(', ')}`);
const forbidden = files.filter((f) => FORBIDDEN.some((re) => re.test(f)));
if (forbidden.length) fail(`must not be packaged: ${forbidden.join(', ')}`);

// No repository is published yet: allow its absence and keep README links relative (they resolve inside the
// installed extension, where docs/rules/ is).
run(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', join(root, vsix)]);
if (!existsSync(join(root, vsix))) fail(`vsce did not write ${vsix}`);
const size = statSync(join(root, vsix)).size;
if (size > MAX_BYTES) fail(`${vsix} is ${(size / 1048576).toFixed(1)} MB, over the ${MAX_BYTES / 1048576} MB limit`);
console.log(`package: ${vsix}, ${files.length} files, ${(size / 1048576).toFixed(2)} MB`);
