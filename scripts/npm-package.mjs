// `npm run pack:npm`: the publishable npm package of the command line (pg-architect lint / explain / lsp ...),
// staged in .npm-package/ and packed to pg-architect-<version>.tgz at the repository root.
//
// The repository's package.json is the VS Code extension's manifest and the development workspace (private, so
// it is never published by mistake); the npm package gets its own manifest: the CLI and language-server bundles,
// the parser's WASM, the rule pages the hovers link to, and one run-time dependency, the embedded PostgreSQL
// (PGlite, loaded only by `explain` and the advisors), installed from the registry instead of carried along.
// The plan viewer's bundle comes along for other editors' explain command (a page for the browser); the extension's
// client and the images stay in the .vsix. `--no-build` packs the current dist/.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const stage = join(root, '.npm-package');
const MAX_BYTES = 8 * 1024 * 1024;

/**
 * What the command line reads at run time, relative to the package root (dist/*.js find their siblings). The
 * initdb'd PGlite template (4.5 MB) stays out: the CLI keeps its embedded database between runs, so only a project's
 * first explain pays for initdb, and every install would pay the download.
 */
const FILES = ['bin/pg-architect.js', 'dist/cli.js', 'dist/cli-bundle.js', 'dist/cli-bundle.cache', 'dist/server.js', 'dist/pglite-worker.js', 'dist/trace-worker.js', 'dist/libpg-query.wasm', 'dist/webview.js', 'dist/webview.css', 'schemas/pg-architect.schema.json', 'README.md', 'CHANGELOG.md', 'LICENSE'];
/** Rule pages: hovers and `--help` link to them (server/rule-docs.ts reads docs/rules next to dist/). */
const RULE_DOCS = 'docs/rules';
/** Packages the bundles leave external (scripts/build.mjs) and load at run time. */
const RUNTIME_DEPENDENCIES = ['@electric-sql/pglite'];

function fail(message) {
  console.error(`pack:npm: ${message}`);
  process.exit(1);
}

function run(command, args, cwd) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) fail(`${[command, ...args].join(' ')} failed (exit ${r.status ?? r.signal})\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  return r.stdout;
}

if (!process.argv.includes('--no-build')) {
  console.log('pack:npm: production build');
  run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], root);
}

rmSync(stage, { recursive: true, force: true });
for (const file of FILES) {
  if (!existsSync(join(root, file))) fail(`${file} is missing: build first (npm run build)`);
  mkdirSync(dirname(join(stage, file)), { recursive: true });
  cpSync(join(root, file), join(stage, file));
}
mkdirSync(join(stage, RULE_DOCS), { recursive: true });
for (const page of readdirSync(join(root, RULE_DOCS)).filter((f) => f.endsWith('.md'))) cpSync(join(root, RULE_DOCS, page), join(stage, RULE_DOCS, page));

const dependencies = Object.fromEntries(RUNTIME_DEPENDENCIES.map((name) => {
  const version = manifest.dependencies?.[name];
  if (!version) fail(`${name} is not a dependency of the repository's package.json`);
  return [name, version];
}));
const npmManifest = {
  name: manifest.name,
  version: manifest.version,
  description: 'PostgreSQL linter, migration-safety checker, EXPLAIN analyser and language server: the command line of PostgreSQL Architect.',
  license: manifest.license,
  author: manifest.author,
  homepage: manifest.homepage,
  repository: manifest.repository,
  bugs: manifest.bugs,
  keywords: [...new Set([...manifest.keywords, 'lint', 'cli', 'language-server', 'lsp', 'sarif'])],
  bin: { 'pg-architect': 'bin/pg-architect.js' },
  engines: { node: manifest.engines.node },
  files: [...FILES.filter((f) => !['README.md', 'CHANGELOG.md', 'LICENSE'].includes(f)), `${RULE_DOCS}/*.md`],
  dependencies,
};
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(npmManifest, null, 2)}\n`);

const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', root], stage))[0];
const tarball = join(root, packed.filename);
const size = statSync(tarball).size;
if (size > MAX_BYTES) fail(`${packed.filename} is ${(size / 1048576).toFixed(1)} MB, over the ${MAX_BYTES / 1048576} MB limit`);
const maps = packed.files.filter((f) => f.path.endsWith('.map'));
if (maps.length > 0) fail(`source maps must not be packed: ${maps.map((f) => f.path).join(', ')}`);
console.log(`pack:npm: ${packed.filename}, ${packed.files.length} files, ${(size / 1048576).toFixed(2)} MB packed, ${(packed.unpackedSize / 1048576).toFixed(2)} MB unpacked`);
