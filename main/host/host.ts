import http from 'node:http';
import type { RpcDispatcher } from '../rpc/dispatcher.js';
import { createHttpHandler } from './http-handler.js';
import type { VideoLookup } from './media-route.js';
import { exportSubject, type ExportedFileLookup } from './export-route.js';
import { checkPort, listenOnLoopback, LOOPBACK } from './listen.js';
import { createRpcSocketServer } from './rpc-socket.js';
import { generateToken, MediaSigner } from './token.js';

export interface HostOptions {
  /** The service object's dispatcher: every call is validated and run through it. */
  dispatcher: RpcDispatcher;
  /** The built renderer (index.html and its assets). */
  rendererDir: string;
  /** 0 (the default) picks any free port. */
  port?: number;
  /** Finds a game's video file by id, for the player's /media/game/<id> route. */
  videoOf?: VideoLookup;
  /** Finds a finished clip export's file, for the /media/export/<job>/<n> download route. */
  exportOf?: ExportedFileLookup;
  /** Default: 32 random bytes, base64url. Tests may pass their own (16+ URL-safe characters). */
  token?: string;
}

export interface RunningHost {
  /** The link to open: `http://127.0.0.1:PORT/?token=…`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** A game's video address for the page: `/media/game/<id>?sig=…`, valid for a while. */
  mediaUrl(gameId: number): string;
  /** A clip export's file address for the page: `/media/export/<job>/<n>?sig=…`, valid for a while. */
  downloadUrl(jobId: string, file: number): string;
  /** Closes every WebSocket and the server; safe to call more than once. */
  close(): Promise<void>;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,}$/;

/**
 * Browser mode's front door: the built renderer over HTTP and the API over a WebSocket at /rpc,
 * on 127.0.0.1 only, every request checked for Host and Origin headers; the socket and the videos
 * also need this start's token (videos through short-lived per-game signatures made from it).
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const requestedPort = checkPort(options.port ?? 0);
  const token = options.token ?? generateToken();
  if (!TOKEN_SHAPE.test(token)) {
    throw new RangeError('The access token must be at least 16 characters from A–Z, a–z, 0–9, "_" and "-".');
  }

  // The port is known once listening; handlers read it from here, and no request arrives before.
  const identity = { port: requestedPort, token };
  const server = http.createServer();
  const signer = new MediaSigner(token);
  const rpc = createRpcSocketServer({ dispatcher: options.dispatcher, identity });
  server.on('request', createHttpHandler({ identity, signer, rendererDir: options.rendererDir, videoOf: options.videoOf, exportOf: options.exportOf }));
  server.on('upgrade', (request, socket, head) => rpc.handleUpgrade(request, socket, head));

  identity.port = await listenOnLoopback(server, requestedPort);
  const origin = `http://${LOOPBACK}:${identity.port}`;

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    port: identity.port,
    token,
    mediaUrl: (gameId) => `/media/game/${gameId}?sig=${signer.sign(gameId)}`,
    downloadUrl: (jobId, file) => `/media/export/${jobId}/${file}?sig=${signer.signSubject(exportSubject(jobId, file))}`,
    close: () => (closing ??= shutDown(server, rpc.close)),
  };
}

async function shutDown(server: http.Server, closeSockets: () => Promise<void>): Promise<void> {
  await closeSockets();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections would otherwise hold close() open until they time out.
    server.closeAllConnections();
  });
}
