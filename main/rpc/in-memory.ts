import type { FilmRoomApi } from '../../shared/api/index.js';
import type { Disposable } from '../../shared/events.js';
import { createApiProxy, MessageTransport } from '../../shared/rpc/client.js';
import { ServerMessage } from '../../shared/rpc/protocol.js';
import type { RpcDispatcher } from './dispatcher.js';

/**
 * A client wired to a dispatcher in the same process, every message passed through JSON as a real
 * pipe would: proves calls, events and rejections cross correctly without Electron or a socket.
 */
export function connectInMemory(dispatcher: RpcDispatcher): { api: FilmRoomApi; transport: MessageTransport } & Disposable {
  const deliver = (message: unknown) => transport.receive(ServerMessage.parse(JSON.parse(JSON.stringify(message))));
  const transport = new MessageTransport((call) => {
    void dispatcher.handle(JSON.parse(JSON.stringify(call))).then(deliver);
  });
  const events = dispatcher.subscribeAll(deliver);
  return {
    api: createApiProxy(transport),
    transport,
    dispose: () => {
      events.dispose();
      transport.close();
    },
  };
}
