import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { ValidationError, serializeError } from '../../shared/errors.js';
import { MAX_MESSAGE_BYTES, type ServerMessage } from '../../shared/rpc/protocol.js';
import type { RpcDispatcher } from '../rpc/dispatcher.js';
import { checkRequest, parseTarget, type HostIdentity } from './request-guard.js';
import { refusalBytes } from './responses.js';
import { RPC_SUBPROTOCOL } from './token.js';

/**
 * The one WebSocket address. The renderer connects to `/rpc` offering the subprotocols
 * `filmroom` and `filmroom.token.<token>`; the host answers `filmroom` (never echoing the token).
 */
export const RPC_PATH = '/rpc';

/** WebSocket close codes used here (RFC 6455 §7.4.1). */
const GOING_AWAY = 1001;
const UNSUPPORTED_DATA = 1003;
/** How long closing sockets get to finish their close handshake before they are cut. */
const CLOSE_GRACE_MS = 1000;

export interface RpcSocketServer {
  /** For the HTTP server's `upgrade` event: checks the request, then accepts or refuses it. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Refuses new connections and closes every open one. */
  close(): Promise<void>;
}

/**
 * The WebSocket front door: each text message is one JSON call for the dispatcher (which validates
 * it against the contract), each answer one result message; every event of every service is
 * forwarded to every connection while it is open.
 */
export function createRpcSocketServer(options: { dispatcher: RpcDispatcher; identity: HostIdentity }): RpcSocketServer {
  const { dispatcher, identity } = options;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    // Chromium closes a socket whose server picks no subprotocol when the page offered some.
    handleProtocols: (offered) => (offered.has(RPC_SUBPROTOCOL) ? RPC_SUBPROTOCOL : false),
  });
  let closing = false;

  wss.on('connection', (socket: WebSocket) => {
    const events = dispatcher.subscribeAll((message) => send(socket, message));
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        socket.close(UNSUPPORTED_DATA, 'Film Room accepts JSON text messages only');
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawText(data));
      } catch (error) {
        send(socket, refusal(`Malformed message: not JSON (${error instanceof Error ? error.message : String(error)})`));
        return;
      }
      dispatcher.handle(parsed).then(
        (result) => send(socket, result),
        (error: unknown) => send(socket, { kind: 'result', id: -1, ok: false, error: serializeError(error) }),
      );
    });
    socket.on('close', () => events.dispose());
    // Protocol errors (oversized or invalid frames) close the socket by themselves; nothing to add.
    socket.on('error', () => undefined);
  });

  return {
    handleUpgrade(request, socket, head) {
      socket.on('error', () => undefined);
      const refuse = (status: number, message: string): void => void socket.end(refusalBytes(status, message));
      if (closing) return refuse(503, 'Film Room is shutting down.');
      const target = parseTarget(request.url);
      if (!target || target.rawPath !== RPC_PATH) return refuse(404, 'Not found.');
      const verdict = checkRequest(request, identity, { requireOrigin: true, needsToken: true });
      if (!verdict.ok) return refuse(verdict.status, verdict.message);
      wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
    },

    async close() {
      closing = true;
      const open = [...wss.clients];
      await Promise.all(open.map((client) => closeGracefully(client)));
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function refusal(message: string): ServerMessage {
  return { kind: 'result', id: -1, ok: false, error: serializeError(new ValidationError(message)) };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** Sends one message if the socket is still open; a value JSON cannot carry becomes an error result. */
function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  let text: string;
  try {
    text = JSON.stringify(message);
  } catch (error) {
    if (message.kind === 'event') {
      console.error(`Film Room host: dropped a ${message.service}.${message.event} event that is not JSON`, error);
      return;
    }
    const reason = `The result could not be sent: ${error instanceof Error ? error.message : String(error)}`;
    text = JSON.stringify({ kind: 'result', id: message.id, ok: false, error: { name: 'Error', message: reason } });
  }
  socket.send(text);
}

function closeGracefully(client: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (client.readyState === WebSocket.CLOSED) return resolve();
    const timer = setTimeout(() => client.terminate(), CLOSE_GRACE_MS);
    client.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    client.close(GOING_AWAY, 'Film Room stopped');
  });
}
