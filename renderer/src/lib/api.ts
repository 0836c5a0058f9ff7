import type { FilmRoomApi } from '../../../shared/api/index.js';
import { createApiProxy, MessageTransport } from '../../../shared/rpc/client.js';
import { ServerMessage } from '../../../shared/rpc/protocol.js';

const TOKEN_PARAM = 'token';
const TOKEN_STORAGE_KEY = 'filmroom.token';
/** The socket's subprotocols: `filmroom`, which the host answers, and the token, which it checks. */
const RPC_SUBPROTOCOL = 'filmroom';
const TOKEN_SUBPROTOCOL_PREFIX = 'filmroom.token.';
/** What a token looks like (base64url, as the host makes them): anything else is not offered. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,512}$/;

export const LOST_CONNECTION_MESSAGE = 'Lost the connection to Film Room. Reload the page to reconnect.';
export const MISSING_TOKEN_MESSAGE =
  'Open Film Room from the link that `filmroom serve` printed: it carries the access token.';

/** Browser mode without an access token: there is nothing to connect with. */
export class MissingTokenError extends Error {
  override readonly name = 'MissingTokenError';
  constructor() {
    super(MISSING_TOKEN_MESSAGE);
  }
}

/** The host refused or never answered the WebSocket, so no call could ever succeed. */
export class ConnectionRefusedError extends Error {
  override readonly name = 'ConnectionRefusedError';
}

export interface ConnectOptions {
  /** Called once if an established connection goes away (host stopped, laptop slept, network gone). */
  onLost?: () => void;
}

/**
 * The typed API, however this page was opened: from the Electron preload, or over a WebSocket to
 * the local host in browser mode. Resolves only once calls can be made.
 */
export function connectApi(options: ConnectOptions = {}): Promise<FilmRoomApi> {
  if (window.filmroom) return Promise.resolve(window.filmroom);
  return connectWebSocket(takeToken(), options);
}

/**
 * A token in the address wins over a stored one (a restarted host prints a new link); it is then
 * kept for this tab and removed from the address bar, so it does not end up in screenshots or history.
 */
function takeToken(): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get(TOKEN_PARAM);
  if (fromUrl) {
    try {
      sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
      url.searchParams.delete(TOKEN_PARAM);
      history.replaceState(history.state, '', url);
    } catch {
      // Storage can be disabled; the token still works for this load, only a reload would lose it.
    }
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * The token travels only in this socket's handshake, as a subprotocol: never in a cookie (which
 * the browser would also send to every other server on this machine's other ports) and never in
 * the socket's address (which logs keep). Without a token there is nothing to connect with.
 */
function connectWebSocket(token: string | null, options: ConnectOptions): Promise<FilmRoomApi> {
  if (!token || !TOKEN_SHAPE.test(token)) return Promise.reject(new MissingTokenError());
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${location.host}/rpc`, [RPC_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`]);
  const transport = new MessageTransport((call) => socket.send(JSON.stringify(call)));

  socket.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (typeof event.data !== 'string') return;
    let raw: unknown;
    try {
      raw = JSON.parse(event.data);
    } catch {
      console.warn('Film Room: ignored a message that is not JSON');
      return;
    }
    const message = ServerMessage.safeParse(raw);
    if (message.success) transport.receive(message.data);
    else console.warn('Film Room: ignored a message that does not follow the protocol', message.error.issues);
  });

  return new Promise((resolve, reject) => {
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      resolve(createApiProxy(transport));
    });
    socket.addEventListener('close', () => {
      transport.close(LOST_CONNECTION_MESSAGE);
      if (opened) {
        options.onLost?.();
      } else {
        reject(
          new ConnectionRefusedError(
            'Could not connect to Film Room: it may have stopped, or this access token is from an earlier ' +
              'session. Run `filmroom serve` and open the link it prints.',
          ),
        );
      }
    });
  });
}
