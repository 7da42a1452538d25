import { strict as assert } from 'node:assert';
import { terminalSafe } from '../../core/terminal-text';

describe('terminalSafe', () => {
  it('shows terminal controls and bidi overrides as escapes, keeps text, tabs and (by default) line breaks', () => {
    assert.equal(terminalSafe('a\x1b[2Jb\x07\x00\x7f\x9b'), 'a\\x1b[2Jb\\x07\\x00\\x7f\\x9b');
    assert.equal(terminalSafe('admin\u202e ;nimda\u2066x\u2069'), 'admin\\u202e ;nimda\\u2066x\\u2069');
    assert.equal(terminalSafe('漢字 é\t\u00a0ok\nnext\r\n'), '漢字 é\t\u00a0ok\nnext\r\n');
    assert.equal(terminalSafe('a\nb\rc\td', { singleLine: true }), 'a\\x0ab\\x0dc\td');
  });
});
