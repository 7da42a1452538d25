/**
 * Signature help over core/semantics/signature-help: the call's signatures with parameter labels as offsets
 * into each signature's label. "No parameter active" (past the last parameter, in an aggregate's ORDER BY)
 * is sent as an index past the last parameter, which VS Code shows with nothing highlighted.
 */
import { MarkupKind, type Position, type SignatureHelp, type SignatureHelpContext } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SqlDocument } from '../core/parse/document';
import type { SchemaLookup } from '../core/semantics/lookup';
import { signatureHelpAt } from '../core/semantics/signature-help';

/** `document` and `sql` must be the same text. */
export function signatureHelp(document: TextDocument, sql: SqlDocument, lookup: SchemaLookup, position: Position, context: SignatureHelpContext | undefined): SignatureHelp | null {
  const previous = context?.isRetrigger ? context.activeSignatureHelp : undefined;
  const preferredLabel = previous?.signatures[previous.activeSignature ?? 0]?.label;
  const help = signatureHelpAt(sql, document.offsetAt(position), lookup, preferredLabel !== undefined ? { preferredLabel } : {});
  if (!help) return null;
  const signatures = help.signatures.map((s) => ({
    label: s.label,
    ...(s.documentation ? { documentation: { kind: MarkupKind.PlainText, value: s.documentation } } : {}),
    parameters: s.parameters.map((p) => ({ label: [p.start, p.end] as [number, number] })),
    activeParameter: s.activeParameter ?? s.parameters.length,
  }));
  return { signatures, activeSignature: help.activeSignature, activeParameter: signatures[help.activeSignature].activeParameter };
}
