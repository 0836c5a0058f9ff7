import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { resolveLibraryPath } from '../library/paths.js';
import { videoPathOfGame } from '../library/repositories/games.js';
import { openFilmRoom, type FilmRoom } from '../services/index.js';
import { rendererDir } from '../system/package-paths.js';
import { serveAppRequest } from './app-protocol.js';
import { usePrivateUmask } from '../system/private-files.js';
import { APP_ENTRY, APP_SCHEME, denyAllPermissions, isAppUrl, secureWebPreferences } from './security.js';

// Film Room's desktop shell: one sandboxed window on the app's own scheme, talking to the same
// service object as the CLI and the browser host, through one validated IPC channel.

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

let filmRoom: FilmRoom | undefined;

function libraryFlag(argv: readonly string[]): string | undefined {
  const index = argv.indexOf('--library');
  return index >= 0 ? argv[index + 1] : argv.find((arg) => arg.startsWith('--library='))?.slice('--library='.length);
}

function createWindow(room: FilmRoom): BrowserWindow {
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
  const events = room.dispatcher.subscribeAll((message) => {
    if (!window.isDestroyed()) window.webContents.send('filmroom:event', message);
  });
  window.on('closed', () => events.dispose());
  void window.loadURL(APP_ENTRY);
  return window;
}

function installIpc(room: FilmRoom): void {
  ipcMain.handle('filmroom:call', async (event, raw: unknown) => {
    // Only the app's own top frame may call; the dispatcher validates the message and its request.
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !isAppUrl(frame.url)) {
      return { kind: 'result', id: -1, ok: false, error: { name: 'AccessDeniedError', message: 'Calls are accepted only from Film Room’s own window.' } };
    }
    return room.dispatcher.handle(raw);
  });
}

async function start(): Promise<void> {
  usePrivateUmask();
  await app.whenReady();
  const libraryPath = libraryFlag(process.argv) ? resolveLibraryPath(libraryFlag(process.argv)) : process.env.FILMROOM_LIBRARY ? resolveLibraryPath(undefined) : path.join(app.getPath('userData'), 'library.filmroom.db');
  filmRoom = openFilmRoom({ libraryPath, frontDoor: 'electron' });
  filmRoom.api.library.watchExternalChanges();
  const room = filmRoom;
  const protocolOptions = { rendererRoot: rendererDir(), videoOf: (gameId: number) => videoPathOfGame(room.db, gameId) };
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(protocolOptions, request));
  denyAllPermissions(session.defaultSession);
  installIpc(filmRoom);
  const window = createWindow(filmRoom);
  filmRoom.api.app.folderPicker = async (title) => {
    const result = await dialog.showOpenDialog(window, { title, properties: ['openDirectory'] });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  filmRoom.api.app.saveFilePicker = async (title, defaultPath) => {
    const result = await dialog.showSaveDialog(window, { title, defaultPath, properties: ['createDirectory', 'showOverwriteConfirmation'] });
    return result.canceled ? null : (result.filePath ?? null);
  };
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && filmRoom) createWindow(filmRoom);
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
let closing = false;
app.on('before-quit', (event) => {
  // Let running jobs stop cleanly and the library close before the process goes.
  if (!filmRoom || closing) return;
  event.preventDefault();
  closing = true;
  void filmRoom.close().finally(() => app.exit(0));
});
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

start().catch((error: unknown) => {
  console.error(`Film Room could not start: ${(error as Error).message}`);
  app.exit(1);
});
