/**
 * The link between plan nodes and the query in the editor: a selected node's relation, conditions and keys are
 * highlighted in the editor; moving the cursor in the query highlights the nodes that come from there.
 * Offsets hold while the document is unchanged since the explain (its version); after an edit the link is off.
 */
import * as vscode from 'vscode';
import type { SourceSpan } from '../../core/explain/view';
import { nodesAtOffset } from '../../core/explain/view';

export interface LinkedSource {
  readonly uri: vscode.Uri;
  /** Document offset where the explained text starts. */
  readonly offset: number;
  readonly length: number;
  readonly version: number;
}

const decoration = vscode.window.createTextEditorDecorationType({
  backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
  borderColor: new vscode.ThemeColor('editor.findMatchHighlightBorder'),
  borderStyle: 'solid',
  borderWidth: '1px',
  overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.findMatchForeground'),
  overviewRulerLane: vscode.OverviewRulerLane.Center,
});

export class SourceLink implements vscode.Disposable {
  private source: LinkedSource | undefined;
  private spans: readonly (readonly SourceSpan[])[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Ranges last highlighted (for tests and for re-applying when the editor becomes visible). */
  highlighted: vscode.Range[] = [];

  constructor(private readonly onCursorNodes: (ids: number[]) => void) {
    this.subscriptions.push(
      vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.apply()),
    );
  }

  link(source: LinkedSource | undefined, spans: readonly (readonly SourceSpan[])[]): void {
    this.clear();
    this.source = source;
    this.spans = spans;
  }

  private document(): vscode.TextDocument | undefined {
    const s = this.source;
    if (!s) return undefined;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === s.uri.toString());
    return doc && doc.version === s.version ? doc : undefined;
  }

  /** Highlights a node's spans in the editor; returns the ranges (empty when the link is off). */
  showNode(id: number | null): vscode.Range[] {
    const doc = this.document();
    const s = this.source;
    this.highlighted = [];
    if (doc && s && id !== null) {
      for (const span of this.spans[id] ?? []) {
        this.highlighted.push(new vscode.Range(doc.positionAt(s.offset + span.start), doc.positionAt(s.offset + span.end)));
      }
    }
    this.apply();
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    if (editor && this.highlighted.length > 0) editor.revealRange(this.highlighted[0], vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return this.highlighted;
  }

  private apply(): void {
    const uri = this.source?.uri.toString();
    for (const editor of vscode.window.visibleTextEditors) {
      editor.setDecorations(decoration, editor.document.uri.toString() === uri ? this.highlighted : []);
    }
  }

  /** Plan node ids under a document offset (editor -> plan). */
  nodesAt(documentOffset: number): number[] {
    const s = this.source;
    if (!s || !this.document()) return [];
    const relative = documentOffset - s.offset;
    if (relative < 0 || relative > s.length) return [];
    return nodesAtOffset(this.spans, relative);
  }

  private onSelection(e: vscode.TextEditorSelectionChangeEvent): void {
    const s = this.source;
    if (!s || e.textEditor.document.uri.toString() !== s.uri.toString() || e.selections.length !== 1) return;
    const ids = this.nodesAt(e.textEditor.document.offsetAt(e.selections[0].active));
    this.onCursorNodes(ids);
  }

  clear(): void {
    this.highlighted = [];
    this.apply();
  }

  dispose(): void {
    this.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
