import { contextBridge, ipcRenderer } from 'electron';
import { createApiProxy, MessageTransport } from '../../shared/rpc/client.js';
import { ServerMessage } from '../../shared/rpc/protocol.js';

// The whole bridge between the page and Film Room: the typed API as `window.filmroom`, built from
// the contract. The page never sees ipcRenderer, and every message back is checked before use.

const transport = new MessageTransport((call) => {
  ipcRenderer.invoke('filmroom:call', call).then(deliver, (error: unknown) =>
    deliver({ kind: 'result', id: call.id, ok: false, error: { name: 'DisconnectedError', message: String(error) } }),
  );
});

function deliver(raw: unknown): void {
  const message = ServerMessage.safeParse(raw);
  if (message.success) transport.receive(message.data);
}

ipcRenderer.on('filmroom:event', (_event, raw: unknown) => deliver(raw));

contextBridge.exposeInMainWorld('filmroom', createApiProxy(transport));
