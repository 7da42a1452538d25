/** The ELK worker script as text (resolved by scripts/build.mjs from elkjs/lib/elk-worker.min.js). */
declare module 'elk-worker-source' {
  export const ELK_WORKER_SOURCE: string;
}
