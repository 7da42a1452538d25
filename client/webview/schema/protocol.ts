/** Messages between the schema diagram panel (this folder) and its host (client/schema-panel). */
import type { DiagramLocation, SchemaGraph } from '../../../core/schema-diagram/graph';

export interface SchemaPointOption {
  /** `start`, `end`, `database`, or a schema file's id. */
  readonly value: string;
  readonly label: string;
}

export type SchemaHostMessage =
  | { readonly type: 'graph'; readonly graph: SchemaGraph; readonly points: readonly SchemaPointOption[]; readonly at: string; readonly from?: string; readonly focus?: string }
  | { readonly type: 'loading'; readonly message: string }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'exported'; readonly path: string };

export type SchemaViewerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'reveal'; readonly location: DiagramLocation }
  | { readonly type: 'pick'; readonly at: string; readonly from?: string }
  | { readonly type: 'export'; readonly format: 'svg' | 'png'; readonly data: string; readonly name: string }
  | { readonly type: 'painted'; readonly nodes: number; readonly layoutMs: number };
