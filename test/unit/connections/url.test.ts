import { strict as assert } from 'node:assert';
import { parseConnectionString } from '../../../core/connections/url';
import { classifyFailure, redact } from '../../../core/db/errors';

describe('connection strings', () => {
  it('reads postgres:// URLs with encoded parts and parameters', () => {
    assert.deepEqual(parseConnectionString('postgres://app%40corp:p%2Fss@db.example.com:6543/shop?sslmode=require&application_name=ci'), {
      options: { host: 'db.example.com', port: 6543, user: 'app@corp', password: 'p/ss', database: 'shop', sslmode: 'require', applicationName: 'ci' },
    });
  });

  it('reads key=value strings with quoted values', () => {
    assert.deepEqual(parseConnectionString("host=localhost port=5433 dbname=shop user=me password='it\\'s'"), {
      options: { host: 'localhost', port: 5433, database: 'shop', user: 'me', password: "it's" },
    });
  });

  it('reports bad values', () => {
    assert.match((parseConnectionString('postgres://h/db?sslmode=sometimes') as { error: string }).error, /sslmode must be one of/);
    assert.match((parseConnectionString('nonsense') as { error: string }).error, /expected a postgres:\/\/ URL/);
  });
});

describe('connection failures', () => {
  it('never shows a password', () => {
    assert.equal(redact('could not connect to postgres://me:hunter2@h/db'), 'could not connect to postgres://me:***@h/db');
    assert.equal(redact("host=h password='hunter2' dbname=x"), 'host=h password=*** dbname=x');
    assert.equal(redact('the server said hunter2 is wrong', ['hunter2']), 'the server said *** is wrong');
    const f = classifyFailure(Object.assign(new Error('password authentication failed for user "me" (hunter2)'), { code: '28P01' }), 'me@h:5432/db', ['hunter2']);
    assert.equal(f.kind, 'wrong-password');
    assert.ok(!f.message.includes('hunter2'));
  });
});
