import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocket } from 'ws';
import type { FilmRoomApi, JobProgress, LibraryChange } from '../../../shared/api/index.js';
import { NotFoundError } from '../../../shared/errors.js';
import { Emitter } from '../../../shared/events.js';
import { createApiProxy, MessageTransport } from '../../../shared/rpc/client.js';
import { ServerMessage } from '../../../shared/rpc/protocol.js';

/** A stand-in for the library-backed services: fixed answers, and emitters the test fires. */
export function fakeFilmRoom() {
  const onDidChange = new Emitter<LibraryChange>();
  const onDidProgress = new Emitter<JobProgress>();
  const absent = () => Promise.reject(new Error('not part of this fake'));
  const api: FilmRoomApi = {
    app: {
      info: async () => ({ name: 'Film Room', version: '9.9.9-test', frontDoor: 'browser', libraryPath: '/fake/library.db', platform: 'linux', canChooseFolder: false, engines: { inference: 'test', training: 'test' } }),
      chooseFolder: async () => null,
      chooseSaveFile: async () => null,
      mediaUrl: async ({ gameId }) => `/media/game/${gameId}`,
      downloadUrl: absent,
      onDidProgress: onDidProgress.event,
    },
    library: {
      info: async () => ({ path: '/fake/library.db', schemaVersion: 2, supportedSchemaVersion: 2, counts: { seasons: 1, teams: 2, games: 3, plays: 4, clips: 5, weightSets: 0, featureSets: 0, models: 0, trainingRuns: 0, predictions: 0 } }),
      listSeasons: async () => [{ id: 1, name: '2025-26', gameCount: 3, playCount: 4 }],
      listGames: async (request) => {
        if (request.seasonId === 404) throw new NotFoundError('No season 404 in this library.');
        return [];
      },
      listPlays: async () => ({ plays: [], total: 0 }),
      playTypeCounts: async () => [{ playType: 'PRBallHandler', count: 4 }],
      playFacets: async () => ({ teams: [], players: [], periods: [], tags: [] }),
      taxonomy: async () => [],
      setPlayLabel: absent,
      reviewPosition: async () => null,
      setReviewPosition: async () => undefined,
      onDidChange: onDidChange.event,
    },
    jobs: { startImport: absent, startExtraction: absent, startTransfer: absent, startBlock1Surgery: absent, startClipExport: absent, cancel: absent, get: absent, list: async () => [] },
    features: { activations: absent, describeModel: absent },
    training: {
      start: absent, resume: absent, stop: absent, listRuns: async () => [], backboneOptions: absent, getRun: absent, predict: absent,
      reviewQueue: async () => ({ runId: null, items: [], total: 0 }),
      measureSpeed: absent,
      onDidEpoch: new Emitter<never>().event, onDidChangeRun: new Emitter<never>().event,
    },
    reports: { export: absent },
    coding: { addPlay: absent, trimPlay: absent, splitPlay: absent, deletePlay: absent, mergePlays: absent, editPlay: absent, undo: absent, redo: absent, history: absent },
    playlists: { create: absent, list: async () => [], show: absent, delete: absent, reorder: absent },
  };
  return { api, onDidChange, onDidProgress };
}

/** A stand-in for `dist/renderer`: a page, a script, a style, and a secret just outside it. */
export function writeRenderer(root: string): { rendererDir: string; secretFile: string } {
  const rendererDir = path.join(root, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Film Room test page</title><script type="module" src="./assets/app.js"></script>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("film room test script");');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.css'), 'body { color: red; }');
  const secretFile = path.join(root, 'secret.txt');
  fs.writeFileSync(secretFile, 'TOP SECRET outside the renderer');
  return { rendererDir, secretFile };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request sent exactly as written (no URL normalisation, any Host header), unlike fetch. */
export function rawRequest(port: number, rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: rawPath, method, headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** Tries a WebSocket upgrade that should be refused; resolves with the refusal's status and text. */
export function refusedUpgrade(url: string, options: { origin?: string; headers?: Record<string, string>; protocols?: string[] }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.protocols ?? [], options);
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        socket.terminate();
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    socket.on('open', () => {
      socket.close();
      reject(new Error(`The host accepted a WebSocket it should have refused: ${url}`));
    });
    socket.on('error', (error) => reject(error));
  });
}

/** The renderer's way in, minus the browser: a WebSocket offering the token as a subprotocol, wrapped in the shared MessageTransport. */
export async function connectClient(url: string, origin: string, token: string) {
  const socket = new WebSocket(url, tokenProtocols(token), { origin });
  const transport = new MessageTransport((call) => socket.send(JSON.stringify(call)));
  const received: unknown[] = [];
  socket.on('message', (data) => {
    const raw: unknown = JSON.parse(data.toString());
    received.push(raw);
    transport.receive(ServerMessage.parse(raw));
  });
  socket.on('close', () => transport.close());
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { api: createApiProxy(transport), transport, socket, received };
}

export function rpcUrl(port: number): string {
  return `ws://127.0.0.1:${port}/rpc`;
}

/** The subprotocols the page offers: `filmroom`, and its token. */
export function tokenProtocols(token: string): string[] {
  return ['filmroom', `filmroom.token.${token}`];
}
