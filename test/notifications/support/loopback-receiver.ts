import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
  /** When the client closed the connection (set for requests the receiver never answered). */
  closedAt?: number;
}

/**
 * What the receiver does with the n-th request (0-based): answer with a status, redirect elsewhere,
 * or never answer.
 */
export type ReceiverBehaviour = (index: number) => number | 'hang' | { redirectTo: string };

/** A webhook receiver on a free loopback port that records every request it gets. */
export class LoopbackReceiver {
  readonly deliveries: ReceivedDelivery[] = [];
  behaviour: ReceiverBehaviour = () => 200;
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(path: string): Promise<LoopbackReceiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const receiver = new LoopbackReceiver(server, `http://127.0.0.1:${port}${path}`);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const delivery: ReceivedDelivery = {
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
        };
        const answer = receiver.behaviour(receiver.deliveries.length);
        receiver.deliveries.push(delivery);
        if (answer === 'hang') res.on('close', () => (delivery.closedAt = Date.now()));
        else if (typeof answer === 'object') res.writeHead(307, { location: answer.redirectTo }).end();
        else res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    return receiver;
  }

  reset(behaviour: ReceiverBehaviour = () => 200): void {
    this.deliveries.length = 0;
    this.behaviour = behaviour;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
