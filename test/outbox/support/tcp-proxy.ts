import { Server, Socket, createServer } from 'node:net';

/**
 * A TCP proxy the test controls, to cut PostgreSQL off: `cut()` destroys every open connection and
 * refuses new ones until `restore()`. `cutWhenClientSends(marker)` cuts at the moment a client
 * sends bytes containing `marker` (e.g. a statement's text or prepared-statement name), before they
 * reach the server; `cutAfterClientSends(marker)` forwards those bytes first and then cuts, so the
 * server has the statement while its client is gone.
 *
 * `partition()` is the silent failure: every socket stays open and new connections are accepted,
 * but no byte is forwarded either way (a dropped route, a stalled firewall) — nobody sees an error
 * until a timeout fires. `restore()` ends the partition by resetting the sockets that lived
 * through it (their byte streams have holes).
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private refusing = false;
  private silent = false;
  private marker: string | null = null;
  private forwardMarked = false;
  /** How many times the proxy cut because of a marker. */
  markerCuts = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  port = 0;

  async listen(): Promise<void> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  cut(): void {
    this.refusing = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  partition(): void {
    this.silent = true;
  }

  restore(): void {
    if (this.silent) {
      this.silent = false;
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
    }
    this.refusing = false;
    this.marker = null;
  }

  cutWhenClientSends(marker: string): void {
    this.marker = marker;
    this.forwardMarked = false;
  }

  cutAfterClientSends(marker: string): void {
    this.marker = marker;
    this.forwardMarked = true;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket) {
    if (this.refusing) {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    this.sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.connect(this.targetPort, this.targetHost);
    client.on('data', (chunk: Buffer) => {
      if (this.silent) return;
      if (this.marker && chunk.includes(this.marker)) {
        this.markerCuts++;
        if (this.forwardMarked) upstream.write(chunk, () => this.cut());
        else this.cut();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!this.silent) client.write(chunk);
    });
  }
}
