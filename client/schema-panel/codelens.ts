/** "Schema Diagram" above each CREATE TABLE of a workspace file: the diagram focused on that table (pgArchitect.schemaDiagram.codeLens). */
import * as vscode from 'vscode';
import type { CreateStmt } from '@pgsql/types';
import { parserReady } from '../../core/parse/parser';
import { parseDocument } from '../../core/parse/document';
import { asNode } from '../../core/parse/ast';

export class SchemaCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(document.uri)) return [];
    if (!parserReady() || !vscode.workspace.getConfiguration('pgArchitect', document.uri).get<boolean>('schemaDiagram.codeLens', true)) return [];
    if (document.getText().length > 2_000_000) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const statement of parseDocument(document.getText(), document.uri.toString()).statements) {
      const create: CreateStmt | undefined = asNode(statement.ast, 'CreateStmt');
      const relation = create?.relation;
      // Partitions are drawn inside their parent; temporary tables are not part of the schema.
      if (!relation?.relname || create?.partbound || relation.relpersistence === 't') continue;
      const id = `${relation.schemaname ?? 'public'}.${relation.relname}`;
      const at = document.positionAt(statement.start);
      lenses.push(new vscode.CodeLens(new vscode.Range(at, at), { title: 'Schema Diagram', tooltip: `The schema diagram around ${relation.relname}`, command: 'pgArchitect.schemaDiagram', arguments: [id, document.uri] }));
    }
    return lenses;
  }
}
