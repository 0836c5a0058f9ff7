/** Browser mode's local web host: the built renderer and the API, on 127.0.0.1, behind a per-start token. */
export { startHost, type HostOptions, type RunningHost } from './host.js';
export { HostListenError } from './listen.js';
export { RPC_PATH } from './rpc-socket.js';
export { NOT_BUILT_MESSAGE } from './static-route.js';
export { RPC_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from './token.js';
