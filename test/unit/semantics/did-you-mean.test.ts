// NameSuggester answers what closestName answers over the same candidates (then the extra ones), while comparing
// only candidates of a length within reach: checked on the relation names of a generated 2,000-statement file
// and on random names with case, Unicode that lower-cases to another length, and transpositions.
import { strict as assert } from 'node:assert';
import { applyDocument } from '../../../core/catalog/ddl/apply';
import { Catalog } from '../../../core/catalog/catalog';
import { parseDocument } from '../../../core/parse/document';
import { closestName, NameSuggester } from '../../../core/semantics/did-you-mean';
import { Random } from '../../fuzz/mutate';
import { mixedScript } from '../../helpers/large-sql';

function typo(rnd: Random, name: string): string {
  const i = rnd.int(name.length + 1);
  switch (rnd.int(5)) {
    case 0:
      return name.slice(0, i) + name.slice(i + 1);
    case 1:
      return name.slice(0, i) + rnd.pick(['x', 'e', '_', 'İ', 'ß']) + name.slice(i);
    case 2:
      return i + 1 < name.length ? name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2) : name;
    case 3:
      return name.toUpperCase();
    default:
      return `${name}${rnd.pick(['', 's', '_old', '2'])}`;
  }
}

describe('did you mean: NameSuggester', () => {
  it('suggests what closestName suggests for typos of the relations of a generated 2,000-statement file', () => {
    const catalog = new Catalog('ddl');
    applyDocument(catalog, parseDocument(mixedScript(2_000)), 'generated.sql');
    const names = catalog.relations().map((r) => r.name);
    const suggester = new NameSuggester(names);
    const rnd = new Random(7);
    let suggested = 0;
    for (let i = 0; i < 600; i++) {
      const name = typo(rnd, rnd.pick(names));
      const extra = rnd.int(3) === 0 ? [typo(rnd, name), 'cte'] : [];
      const expected = closestName(name, [...names, ...extra]);
      assert.equal(suggester.closest(name, extra), expected, `${name} with ${JSON.stringify(extra)}`);
      // Asked again (answers are remembered without extra candidates).
      assert.equal(suggester.closest(name, extra), expected);
      if (expected) suggested++;
    }
    assert.ok(suggested > 300, `${suggested} suggestions`);
  });

  it('suggests what closestName suggests among random names, case and Unicode included', () => {
    const rnd = new Random(11);
    const alphabet = ['a', 'b', 'c', 'A', 'B', 'İ', 'ß', '_', '1'];
    const word = (): string => Array.from({ length: 1 + rnd.int(9) }, () => rnd.pick(alphabet)).join('');
    for (let round = 0; round < 50; round++) {
      const candidates = Array.from({ length: 200 }, word);
      const suggester = new NameSuggester(candidates);
      for (let i = 0; i < 40; i++) {
        const name = rnd.int(2) === 0 ? typo(rnd, rnd.pick(candidates)) : word();
        const extra = rnd.int(4) === 0 ? [word()] : [];
        assert.equal(suggester.closest(name, extra), closestName(name, [...candidates, ...extra]), `${name} among ${candidates.length}`);
      }
    }
  });
});
