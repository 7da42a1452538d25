// The template's tar reader: archives made by GNU tar (ustar) are written out byte for byte; entries that would leave
// the folder, links, and truncated archives are refused with a message (the caller then runs initdb instead).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { untar } from '../../../core/db/untar';

function archiveOf(build: (dir: string) => void, members: string[] = ['.']): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'pga-untar-src-'));
  build(dir);
  return execFileSync('tar', ['--format=ustar', '-cf', '-', '-C', dir, ...members]);
}

describe('untar (the PGlite template reader)', () => {
  it('writes directories and files as GNU tar packed them, long paths included', () => {
    const deep = join(...Array.from({ length: 8 }, (_, i) => `nested_directory_${i}`));
    const tar = archiveOf((dir) => {
      mkdirSync(join(dir, 'base', '5'), { recursive: true });
      mkdirSync(join(dir, 'pg_wal', 'archive_status'), { recursive: true });
      mkdirSync(join(dir, deep), { recursive: true });
      writeFileSync(join(dir, 'PG_VERSION'), '18\n');
      writeFileSync(join(dir, 'base', '5', '1255'), Buffer.alloc(8192 * 3 + 17, 7));
      writeFileSync(join(dir, 'empty'), '');
      writeFileSync(join(dir, deep, 'file'), 'in a path longer than 100 bytes');
    });
    const out = mkdtempSync(join(tmpdir(), 'pga-untar-out-'));
    assert.deepEqual(untar(tar, out), { files: 4 });
    assert.equal(readFileSync(join(out, 'PG_VERSION'), 'utf8'), '18\n');
    assert.deepEqual(readFileSync(join(out, 'base', '5', '1255')), Buffer.alloc(8192 * 3 + 17, 7));
    assert.equal(readFileSync(join(out, 'empty'), 'utf8'), '');
    assert.equal(readFileSync(join(out, deep, 'file'), 'utf8'), 'in a path longer than 100 bytes');
    assert.ok(existsSync(join(out, 'pg_wal', 'archive_status')));
  });

  it('refuses a link, and an archive cut short', () => {
    const linked = archiveOf((dir) => {
      writeFileSync(join(dir, 'a'), 'x');
      symlinkSync('/etc/passwd', join(dir, 'link'));
    }, ['a', 'link']);
    const refused = untar(linked, mkdtempSync(join(tmpdir(), 'pga-untar-out-')));
    assert.ok('error' in refused && /unsupported entry type 2/.test(refused.error), JSON.stringify(refused));
    const whole = archiveOf((dir) => writeFileSync(join(dir, 'big'), Buffer.alloc(4096, 1)), ['big']);
    const cut = untar(whole.subarray(0, 1024), mkdtempSync(join(tmpdir(), 'pga-untar-out-')));
    assert.ok('error' in cut && /corrupt entry big/.test(cut.error), JSON.stringify(cut));
  });

  it('keeps entries inside the folder: an absolute path lands inside it, a `..` path is refused', () => {
    const header = (name: string, size: number): Buffer => {
      const h = Buffer.alloc(512);
      h.write(name, 0, 'utf8');
      h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'utf8');
      h.write('0', 156, 'utf8');
      return h;
    };
    const body = Buffer.alloc(512);
    body.write('data');
    const out = mkdtempSync(join(tmpdir(), 'pga-untar-out-'));
    assert.deepEqual(untar(Buffer.concat([header('/abs/file', 4), body, Buffer.alloc(1024)]), out), { files: 1 });
    assert.equal(readFileSync(join(out, 'abs', 'file'), 'utf8'), 'data');
    const escaped = untar(Buffer.concat([header('../outside', 4), body, Buffer.alloc(1024)]), out);
    assert.ok('error' in escaped && /outside the folder/.test(escaped.error), JSON.stringify(escaped));
    assert.ok(!existsSync(join(out, '..', 'outside')));
  });
});
