/**
 * Quick fixes for the findings under the requested range: each fix a rule offers, then "Ignore <rule> for this
 * statement" and "for this file". Everything comes from the stored analysis of the document's current version.
 * A fix that creates files (a migration of its own) becomes CreateFile operations with their text, offered only
 * to clients that can apply them.
 */
import { CodeActionKind, CreateFile, TextDocumentEdit, type CodeAction, type CodeActionParams, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { RULE_FAILURE_ID, SYNTAX_ERROR_RULE_ID } from '../core/lint';
import { UNUSED_IGNORE_RULE_ID } from '../core/rules/suppressions';
import type { Fix, TextEdit } from '../core/rules/types';
import type { Analysis } from './analyzer';
import { toRange } from './diagnostics';
import { ignoreForFile, ignoreForStatement } from './ignore-edits';
import { chooseSafeFixes } from '../core/fixes/safe-fixes';

/** The kind editors run on save with `"editor.codeActionsOnSave": { "source.fixAll.pgArchitect": "explicit" }`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.pgArchitect`;

/** Findings suppression comments cannot hide (syntax errors) or that are about suppressions themselves. */
const NOT_IGNORABLE = new Set([SYNTAX_ERROR_RULE_ID, UNUSED_IGNORE_RULE_ID, RULE_FAILURE_ID]);

export interface EditCapabilities {
  /** The client takes `documentChanges` (versioned edits). */
  readonly versionedEdits: boolean;
  /** The client applies CreateFile operations in `documentChanges`. */
  readonly createFiles?: boolean;
}

/** `document` must be at `analysis.version`. */
export function codeActions(analysis: Analysis, document: TextDocument, params: CodeActionParams, capabilities: EditCapabilities): CodeAction[] {
  const { versionedEdits } = capabilities;
  const only = params.context.only;
  const result = analysis.result;
  // "Fix all" (on save when the user turns it on): every safe fix of the document in one edit.
  if (only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`))) {
    const chosen = result ? chooseSafeFixes(result.findings) : [];
    if (chosen.length === 0) return [];
    const edits: LspTextEdit[] = chosen.flatMap((c) => c.fix.edits).map((e) => ({ range: toRange(document, e.range), newText: e.newText }));
    const edit: WorkspaceEdit = versionedEdits ? { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] } : { changes: { [document.uri]: edits } };
    return [{ title: `Fix all safe findings (${chosen.length})`, kind: FIX_ALL_KIND, edit }];
  }
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`))) return [];
  if (!result) return [];
  const from = document.offsetAt(params.range.start);
  const to = document.offsetAt(params.range.end);
  const workspaceEdit = (edits: readonly TextEdit[]): WorkspaceEdit => {
    const lsp: LspTextEdit[] = edits.map((e) => ({ range: toRange(document, e.range), newText: e.newText }));
    return versionedEdits
      ? { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: lsp }] }
      : { changes: { [document.uri]: lsp } };
  };

  /** The fix's edits and new files; undefined when the client cannot create files. */
  const fixEdit = (fix: Fix): WorkspaceEdit | undefined => {
    const created = fix.newFiles ?? [];
    if (created.length === 0) return workspaceEdit(fix.edits);
    if (!versionedEdits || capabilities.createFiles !== true) return undefined;
    const own = TextDocumentEdit.create({ uri: document.uri, version: document.version }, fix.edits.map((e) => ({ range: toRange(document, e.range), newText: e.newText })));
    const files = created.flatMap((f) => {
      const uri = new URL(f.path, document.uri).href;
      return [CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }), TextDocumentEdit.create({ uri, version: null }, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: f.text }])];
    });
    return { documentChanges: [own, ...files] };
  };

  const fixes: CodeAction[] = [];
  const ignores = new Map<string, CodeAction>();
  result.findings.forEach((finding, i) => {
    if (finding.range.start > to || finding.range.end < from) return;
    const diagnostic = analysis.diagnostics[i];
    for (const fix of finding.fixes) {
      const edit = fixEdit(fix);
      if (edit) fixes.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred === true, edit });
    }
    if (NOT_IGNORABLE.has(finding.ruleId)) return;
    const statementTitle = `Ignore ${finding.ruleId} for this statement`;
    const statementEdit = ignoreForStatement(result.document, finding.ruleId, finding.range.start);
    if (statementEdit && !ignores.has(statementTitle)) {
      ignores.set(statementTitle, { title: statementTitle, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit([statementEdit]) });
    }
    const fileTitle = `Ignore ${finding.ruleId} for this file`;
    if (!ignores.has(fileTitle)) {
      ignores.set(fileTitle, { title: fileTitle, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit([ignoreForFile(result.document, finding.ruleId)]) });
    }
  });
  return [...fixes, ...ignores.values()];
}
