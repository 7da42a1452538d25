/**
 * The one way requests reach an open document: at its current version, checked once per version against the
 * input guard (binary, oversized). Handlers registered through `documentRequest` never see a document the
 * server does not analyse, so a new feature cannot forget the guard, and a 20 MB file costs one size check
 * per edit, not a parse per request.
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { guardRequest, type Logger } from './guard';
import { inputProblem, type InputProblem } from './input-guard';

interface Checked {
  readonly version: number;
  readonly problem: InputProblem | undefined;
}

export class DocumentGate {
  private readonly checked = new Map<string, Checked>();

  constructor(private readonly open: (uri: string) => TextDocument | undefined) {}

  /** The open document at its current version, unless it is not analysed (binary, too large) or not open. */
  analysable(uri: string): TextDocument | undefined {
    const document = this.open(uri);
    if (!document) return undefined;
    return this.problemOf(document) ? undefined : document;
  }

  /** Why the document is not analysed, if it is not; checked once per version. */
  problemOf(document: TextDocument): InputProblem | undefined {
    let checked = this.checked.get(document.uri);
    if (checked?.version !== document.version) {
      checked = { version: document.version, problem: inputProblem(document.getText()) };
      this.checked.set(document.uri, checked);
    }
    return checked.problem;
  }

  forget(uri: string): void {
    this.checked.delete(uri);
  }
}

export type DocumentHandler<P, R> = (document: TextDocument, params: P, token: CancellationToken) => R | Promise<R>;

/**
 * A request about one document, guarded: `empty` for a document that is not open or not analysed, for a
 * cancelled request and when the handler throws (logged). The handler gets the document at its version.
 */
export function documentRequest<P extends { readonly textDocument: { readonly uri: string } }, R>(
  gate: DocumentGate,
  logger: Logger,
  name: string,
  empty: R,
  handler: DocumentHandler<P, R>,
): (params: P, token: CancellationToken) => Promise<R> {
  return guardRequest<P, R>(logger, name, empty, (params, token) => {
    const document = gate.analysable(params.textDocument.uri);
    return document ? handler(document, params, token) : empty;
  });
}
