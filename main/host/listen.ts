import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The only interface the host ever binds: the machine itself, never the network. */
export const LOOPBACK = '127.0.0.1';

/** A port the host cannot use, said so the user knows what to do next. */
export class HostListenError extends Error {
  override readonly name = 'HostListenError';
}

export function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`The port must be a whole number from 0 to 65535 (0 picks a free one), got ${port}.`);
  }
  return port;
}

/** Binds `server` to 127.0.0.1:`port` (0: any free port) and resolves with the port it got. */
export function listenOnLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(explain(error, port));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host: LOOPBACK, exclusive: true });
  });
}

function explain(error: NodeJS.ErrnoException, port: number): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new HostListenError(`Port ${port} is in use: choose another with --port (or --port 0 for any free port).`);
    case 'EACCES':
      return new HostListenError(`Port ${port} needs administrator rights here: choose one above 1023 with --port.`);
    default:
      return new HostListenError(`Film Room could not listen on ${LOOPBACK}:${port}: ${error.message}`);
  }
}
