import { strict as assert } from 'node:assert';
import { databaseUrl, fromPgEnvironment, parseDotEnv, parseServiceFile, pgpassPassword } from '../../../core/connections/sources';

describe('connection sources users already have', () => {
  it('reads the PG* environment', () => {
    assert.deepEqual(fromPgEnvironment({ PGHOST: 'db', PGPORT: '6432', PGUSER: 'me', PGDATABASE: 'shop', PGSSLMODE: 'require', HOME: '/root' }), { host: 'db', port: 6432, user: 'me', database: 'shop', sslmode: 'require' });
    assert.equal(fromPgEnvironment({ HOME: '/root' }), undefined);
  });

  it('reads DATABASE_URL from .env files', () => {
    const env = parseDotEnv('# app\nexport DATABASE_URL="postgres://me:secret@db:5432/shop?sslmode=require"\nOTHER=1 # comment\n');
    assert.equal(env.OTHER, '1');
    assert.deepEqual(databaseUrl(env), { host: 'db', port: 5432, user: 'me', password: 'secret', database: 'shop', sslmode: 'require' });
  });

  it('finds the password in a .pgpass file with wildcards and escapes', () => {
    const pgpass = '# comment\nother:5432:*:me:nope\ndb:*:shop:me:pa\\:ss\n*:*:*:*:fallback\n';
    assert.equal(pgpassPassword(pgpass, { host: 'db', port: 5432, user: 'me', database: 'shop' }), 'pa:ss');
    assert.equal(pgpassPassword(pgpass, { host: 'x', user: 'you' }), 'fallback');
  });

  it('reads pg_service.conf sections', () => {
    assert.deepEqual(parseServiceFile('[prod]\nhost=db.internal\nport=5433\ndbname=shop\nuser=ro\n\n[dev]\nhost=localhost\n'), {
      prod: { host: 'db.internal', port: 5433, database: 'shop', user: 'ro' },
      dev: { host: 'localhost' },
    });
  });
});
