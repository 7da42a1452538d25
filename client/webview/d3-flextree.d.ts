// d3-flextree ships no types; the part of its API the diagram uses.
declare module 'd3-flextree' {
  export interface FlexNode<T> {
    readonly data: T;
    readonly x: number;
    readonly y: number;
    readonly children: FlexNode<T>[] | undefined;
    readonly parent: FlexNode<T> | null;
    descendants(): FlexNode<T>[];
  }
  export interface FlexLayout<T> {
    (tree: FlexNode<T>): FlexNode<T>;
    hierarchy(data: T, children?: (d: T) => T[] | undefined): FlexNode<T>;
  }
  export function flextree<T>(options: { nodeSize: (node: FlexNode<T>) => [number, number]; spacing?: number | ((a: FlexNode<T>, b: FlexNode<T>) => number) }): FlexLayout<T>;
}
