import { z } from 'zod';
import { startHost } from '../../host/index.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { openFilmRoom } from '../../services/index.js';
import { openInBrowser } from '../../system/open-browser.js';
import { rendererDir } from '../../system/package-paths.js';
import { LIBRARY_OPTION, type Command } from '../command.js';
import { videoPathOfGame } from '../../library/repositories/games.js';

const Options = z
  .object({
    library: z.string().min(1).optional(),
    port: z
      .string()
      .regex(/^\d+$/, 'the port must be a number from 0 to 65535 (0 picks a free one)')
      .transform(Number)
      .refine((port) => port <= 65535, 'the port must be a number from 0 to 65535 (0 picks a free one)')
      .optional(),
    open: z.boolean().optional(),
  })
  .strict();

export const serveCommand: Command<z.infer<typeof Options>> = {
  path: ['serve'],
  summary: 'Serve the app in browser mode on 127.0.0.1, with a fresh access token, until Ctrl+C.',
  options: {
    library: LIBRARY_OPTION,
    port: { type: 'string', valueName: 'N', description: 'the port to listen on (default: any free port)' },
    open: { type: 'boolean', description: 'open the app in the system’s browser' },
  },
  positionals: [],
  schema: Options,
  examples: ['filmroom serve', 'filmroom serve --port 8765 --library ~/film/season-2026.db'],
  async run(context, options) {
    const filmRoom = openFilmRoom({ libraryPath: resolveLibraryPath(options.library, context.env), frontDoor: 'browser' });
    try {
      filmRoom.api.library.watchExternalChanges();
      const host = await startHost({ dispatcher: filmRoom.dispatcher, rendererDir: rendererDir(), port: options.port ?? 0, videoOf: (gameId) => videoPathOfGame(filmRoom.db, gameId), exportOf: (jobId, file) => filmRoom.api.jobs.exportedFile(jobId, file) });
      context.info(`Film Room is serving ${filmRoom.db.name}`);
      context.info(`Open ${host.url}`);
      context.info('The link carries this session’s access token. Press Ctrl+C to stop.');
      if (context.json) process.stdout.write(`${JSON.stringify({ url: host.url, port: host.port, library: filmRoom.db.name })}\n`);
      filmRoom.api.app.mediaUrlSigner = (gameId) => host.mediaUrl(gameId);
      filmRoom.api.app.downloadUrlSigner = (jobId, file) => host.downloadUrl(jobId, file);
      const opened = options.open ? openInBrowser(host.url, context.progress) : null;
      await context.interrupted;
      opened?.remove();
      await host.close();
      return undefined;
    } finally {
      await filmRoom.close();
    }
  },
};
