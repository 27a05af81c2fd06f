import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A real HTTP server on 127.0.0.1 standing in for a remote model's endpoint. */
export interface ModelServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Closes the server and every connection still open (a hanging request included). */
  close(): Promise<void>;
}

/** Starts `handler` on a free port of 127.0.0.1 (a KServe v2 or OpenAI-compatible endpoint). */
export async function startModelServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<ModelServer> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
