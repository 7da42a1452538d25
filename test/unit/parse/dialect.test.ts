// Telling a PostgreSQL workspace's .sql from another database's, with PostgreSQL's parser.
import { strict as assert } from 'node:assert';
import { looksLikePostgres } from '../../../core/parse/dialect';

describe('looksLikePostgres', () => {
  it('PostgreSQL DDL, PL/pgSQL and psql scripts are PostgreSQL', () => {
    assert.ok(looksLikePostgres('CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tags text[]);\nCREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;\n'));
    assert.ok(looksLikePostgres('SELECT jsonb_build_object(\'a\', 1) ->> \'a\';\n'));
  });

  it("T-SQL and MySQL scripts are not", () => {
    assert.ok(!looksLikePostgres('CREATE TABLE [dbo].[Orders] ([Id] INT IDENTITY(1,1) NOT NULL);\nGO\nSELECT TOP 10 * FROM [dbo].[Orders];\nGO\n'));
    assert.ok(!looksLikePostgres('CREATE TABLE `orders` (`id` int NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`)) ENGINE=InnoDB;\n'));
    assert.ok(!looksLikePostgres(''), 'nothing to judge');
  });
});
