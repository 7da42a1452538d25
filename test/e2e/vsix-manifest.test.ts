// The .vsix as the Visual Studio Marketplace and Open VSX read it (run by scripts/e2e.mjs on the package it built
// and unpacked; PGA_VSIX_DIR is the unpacked archive): the manifest fields both galleries show or require, the icon,
// the README's images (packed, PNG, linked relative to the package), the CHANGELOG and LICENSE, the walkthrough's
// pages, and nothing that only the npm package or the repository needs.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

const DIR = process.env.PGA_VSIX_DIR ?? '';
const EXTENSION = join(DIR, 'extension');
/** The Marketplace's categories (vsce rejects others). */
const CATEGORIES = new Set(['Azure', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters', 'Keymaps', 'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization', 'AI', 'Chat', 'Other']);

interface Manifest {
  readonly [key: string]: unknown;
  readonly contributes: { readonly walkthroughs?: readonly { readonly steps: readonly { readonly media: { readonly markdown?: string; readonly image?: string } }[] }[] };
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', `${file} is a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function packed(): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else out.push(`${rel}${name}`);
    }
  };
  walk(EXTENSION, '');
  return out;
}

describe('the .vsix, ready for the Marketplace and Open VSX', function () {
  let manifest: Manifest;
  let files: string[];
  before(function () {
    assert.ok(existsSync(join(EXTENSION, 'package.json')), `PGA_VSIX_DIR (${DIR}) holds an unpacked .vsix`);
    manifest = JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8')) as Manifest;
    files = packed();
  });

  it('names, version, engine, publisher, licence and links', () => {
    for (const key of ['name', 'displayName', 'description', 'publisher', 'license', 'homepage', 'repository', 'bugs']) assert.ok(manifest[key], `${key} is set`);
    assert.match(String(manifest.version), /^\d+\.\d+\.\d+$/);
    assert.match(String((manifest.engines as { vscode?: string }).vscode), /^\^1\.\d+\.\d+$/);
    assert.ok(String(manifest.description).length <= 200, 'the gallery shows the description in one line');
    assert.match(String(manifest.name), /^[a-z0-9][a-z0-9-]*$/);
  });

  it('icon (PNG, at least 128 px square), gallery banner, categories and keywords', () => {
    const icon = String(manifest.icon);
    assert.ok(files.includes(icon), `${icon} is packed`);
    const { width, height } = pngSize(join(EXTENSION, icon));
    assert.ok(width >= 128 && width === height, `${width}x${height}`);
    const banner = manifest.galleryBanner as { color?: string; theme?: string };
    assert.match(banner.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(banner.theme === 'dark' || banner.theme === 'light');
    const categories = manifest.categories as string[];
    assert.ok(categories.length > 0 && categories.every((c) => CATEGORIES.has(c)), categories.join());
    const keywords = manifest.keywords as string[];
    // The Marketplace takes at most 30 keywords (vsce refuses more); Open VSX shows them as tags.
    assert.ok(keywords.length > 0 && keywords.length <= 30, String(keywords.length));
  });

  it('README, CHANGELOG and LICENSE, as the galleries name them in extension.vsixmanifest', () => {
    const vsixManifest = readFileSync(join(DIR, 'extension.vsixmanifest'), 'utf8');
    for (const asset of ['Microsoft.VisualStudio.Services.Content.Details', 'Microsoft.VisualStudio.Services.Content.Changelog', 'Microsoft.VisualStudio.Services.Content.License', 'Microsoft.VisualStudio.Services.Icons.Default']) {
      const path = new RegExp(`Type="${asset.replace(/\./g, '\\.')}" Path="extension/([^"]+)"`).exec(vsixManifest)?.[1];
      assert.ok(path && files.includes(path), `${asset} is in the manifest and packed`);
    }
  });

  it('every image the README shows is packed, a PNG, and linked relative to the package', () => {
    const readme = readFileSync(join(EXTENSION, files.find((f) => /^readme\.md$/i.test(f)) ?? 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)|<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    assert.ok(images.length >= 3, 'the README shows the product');
    for (const image of images) {
      assert.doesNotMatch(image, /^https?:|^\//, `${image}: relative, so it resolves inside the installed extension`);
      assert.ok(files.includes(posix.normalize(image)), `${image} is packed`);
      assert.doesNotMatch(image, /\.svg$/i, `${image}: the Marketplace refuses SVG images`);
      pngSize(join(EXTENSION, image));
    }
  });

  it('the walkthrough\'s pages and the rule pages hovers link to are packed', () => {
    const media = (manifest.contributes.walkthroughs ?? []).flatMap((w) => w.steps.map((s) => s.media.markdown ?? s.media.image ?? ''));
    assert.ok(media.length >= 3, 'a Get Started walkthrough');
    for (const m of media) assert.ok(files.includes(m), `${m} is packed`);
    assert.ok(files.filter((f) => f.startsWith('docs/rules/')).length > 50);
  });

  it('carries only what the installed extension reads', () => {
    for (const f of files) assert.doesNotMatch(f, /\.map$|\.ts$|^(core|server|client|cli|test|scripts|bench)\/|^node_modules\/|\.tgz$/, f);
  });
});
