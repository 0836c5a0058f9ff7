import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { ServicesHostClient } from '../services-host/client.js';
import { rendererDir } from '../system/package-paths.js';
import { serveAppRequest } from './app-protocol.js';
import { desktopLibraryPath, isWorkerEntry, servicesHostEntry } from './launch-options.js';
import { APP_ENTRY, APP_SCHEME, denyAllPermissions, isAppUrl, secureWebPreferences } from './security.js';
import { forkUtility, launchUtilityProcess } from './utility-process.js';
import { usePrivateUmask } from '../system/private-files.js';

// Film Room's desktop shell: windows, the `filmroom://` protocol, dialogs and the IPC relay, and
// nothing else. The library, the jobs and the media lookups run in the services host, a utility
// process, so no SQLite call (which waits synchronously when another process holds the write lock)
// and no model ever runs on this process's thread, which drives every window.

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

const windows = new Set<BrowserWindow>();
let services: ServicesHostClient | undefined;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    title: 'Film Room',
    backgroundColor: '#111418',
    show: false,
    webPreferences: secureWebPreferences(path.join(__dirname, 'preload.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  // No navigation away from the app and no new windows, whatever a page tries.
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  windows.add(window);
  window.on('closed', () => windows.delete(window));
  void window.loadURL(APP_ENTRY);
  return window;
}

function installIpc(client: ServicesHostClient): void {
  ipcMain.handle('filmroom:call', async (event, raw: unknown) => {
    // Only the app's own top frame may call; the services host's dispatcher validates the message.
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !isAppUrl(frame.url)) {
      return { kind: 'result', id: -1, ok: false, error: { name: 'AccessDeniedError', message: 'Calls are accepted only from Film Room’s own window.' } };
    }
    return client.call(raw);
  });
}

async function start(): Promise<void> {
  usePrivateUmask();
  await app.whenReady();
  const client = new ServicesHostClient(forkUtility(servicesHostEntry(), process.env, 'Film Room services'), {
    onEvent: (message) => {
      for (const window of windows) if (!window.isDestroyed()) window.webContents.send('filmroom:event', message);
    },
    chooseFolder: async (title) => {
      const owner = BrowserWindow.getFocusedWindow() ?? [...windows][0];
      const options = { title, properties: ['openDirectory' as const] };
      const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    chooseSaveFile: async (title, defaultPath) => {
      const owner = BrowserWindow.getFocusedWindow() ?? [...windows][0];
      const options = { title, defaultPath, properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
      const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    },
    launchWorker: launchUtilityProcess,
    isWorkerEntry: (entry) => isWorkerEntry(entry),
    // The worker entry (dist/main/worker.js) is an ES module; Electron's ESM support table does not
    // list utility processes, and Electron cannot run here: the services host is built as CommonJS
    // for that reason, and the worker can be too (scripts/build.mjs) if a window shows it failing.
    onUnexpectedExit: (_code, reason) => {
      dialog.showErrorBox('Film Room stopped', `Film Room's services stopped (${reason}). Your library is safe; start Film Room again.`);
      app.exit(1);
    },
    onProtocolError: (description) => console.error(description),
  });
  services = client;
  await client.open({
    libraryPath: desktopLibraryPath(process.argv, process.env, app.getPath('userData')),
    frontDoor: 'electron',
    canChooseFolder: true,
    workers: 'relay',
    watchExternalChanges: true,
  });
  protocol.handle(APP_SCHEME, (request) => serveAppRequest({ rendererRoot: rendererDir(), videoOf: (gameId) => client.videoPath(gameId), exportOf: (jobId, file) => client.exportPath(jobId, file) }, request));
  denyAllPermissions(session.defaultSession);
  installIpc(client);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
let closing = false;
app.on('before-quit', (event) => {
  // Let running jobs stop cleanly and the library close before the process goes.
  if (!services || closing) return;
  event.preventDefault();
  closing = true;
  void services.close().finally(() => app.exit(0));
});
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

start().catch((error: unknown) => {
  // A library written by a newer Film Room, an unreadable file, a missing Electron build of
  // better-sqlite3: said in the services' own words, in a dialog as well as on the terminal.
  const message = (error as Error).message;
  console.error(`Film Room could not start: ${message}`);
  if (app.isReady()) dialog.showErrorBox('Film Room could not start', message);
  app.exit(1);
});
