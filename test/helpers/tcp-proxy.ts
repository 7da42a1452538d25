// A TCP proxy on loopback in front of a real server that a test can partition: the open connections stop
// forwarding in both directions without closing (nothing is read any more; the sockets stay open, so neither
// end sees a reset or a FIN), as when a network silently loses every packet. Connections opened afterwards are
// held the same way ('held': the whole network is gone) or forwarded ('forwarded': only the existing
// connections died, as when a NAT or firewall forgets their state while new ones get through).
import { connect, createServer, type Socket } from 'node:net';

export type NewConnections = 'held' | 'forwarded';

export interface TcpProxy {
  readonly host: string;
  readonly port: number;
  /** Stops forwarding on every open connection; `newConnections` says what happens to later ones. */
  partition(newConnections: NewConnections): void;
  /**
   * Partitions right after forwarding the first chunk a client sends that contains `text` (so the server
   * receives that statement and its answer is what gets lost). Resolves when the partition happened.
   */
  partitionWhenClientSends(text: string, newConnections: NewConnections): Promise<void>;
  /** Closes the listener and every socket (the server then sees its clients go). */
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly server?: Socket;
  /** Partitioned: forwards nothing any more, not even a close, so the other end learns nothing. */
  held: boolean;
}

export function startTcpProxy(target: { readonly host: string; readonly port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let later: NewConnections = 'forwarded';
  let trigger: { text: string; newConnections: NewConnections; fired: () => void } | undefined;

  const hold = (pair: Pair): void => {
    pair.held = true;
    pair.client.pause();
    pair.server?.pause();
  };
  const partition = (newConnections: NewConnections): void => {
    later = newConnections;
    for (const pair of pairs) hold(pair);
  };

  const listener = createServer((client) => {
    client.on('error', () => undefined);
    if (later === 'held') {
      const pair: Pair = { client, held: false };
      pairs.add(pair);
      hold(pair);
      return;
    }
    const server = connect(target.port, target.host);
    server.on('error', () => undefined);
    const pair: Pair = { client, server, held: false };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      if (pair.held) return;
      server.write(chunk);
      if (trigger && chunk.includes(trigger.text)) {
        const { newConnections, fired } = trigger;
        trigger = undefined;
        partition(newConnections);
        fired();
      }
    });
    server.on('data', (chunk: Buffer) => {
      if (!pair.held) client.write(chunk);
    });
    client.on('close', () => {
      if (pair.held) return;
      server.destroy();
      pairs.delete(pair);
    });
    server.on('close', () => {
      if (!pair.held) client.destroy();
    });
  });

  return new Promise((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', () => {
      const address = listener.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        host: '127.0.0.1',
        port,
        partition,
        partitionWhenClientSends(text, newConnections) {
          return new Promise<void>((fired) => {
            trigger = { text, newConnections, fired };
          });
        },
        close() {
          for (const { client, server } of pairs) {
            client.destroy();
            server?.destroy();
          }
          pairs.clear();
          return new Promise<void>((done) => listener.close(() => done()));
        },
      });
    });
  });
}
