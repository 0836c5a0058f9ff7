import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnFilmroom } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

// The review's third finding: `serve --open` gave the browser opener the link with the token as
// an argument, readable by every user of the machine in /proc/<pid>/cmdline. Here the opener is
// a stand-in `xdg-open` that records its own argv (as the kernel has it) and what it was given.
// (Verified failing first: before, the opener's argv held http://127.0.0.1:PORT/?token=….)

describe('filmroom serve --open', () => {
  const dir = tempDir('filmroom-security-open-');

  it('hands the opener a private redirect file, never the token', async () => {
    const bin = path.join(dir, 'bin');
    const seen = path.join(dir, 'seen');
    fs.mkdirSync(bin);
    fs.mkdirSync(seen);
    fs.writeFileSync(
      path.join(bin, 'xdg-open'),
      [
        '#!/bin/sh',
        `cp /proc/$$/cmdline "${seen}/cmdline"`,
        `printf '%s\\n' "$@" > "${seen}/argv"`,
        'file="${1#file://}"',
        `stat -c '%a' "$file" > "${seen}/file-mode"`,
        `stat -c '%a' "$(dirname "$file")" > "${seen}/folder-mode"`,
        `cat "$file" > "${seen}/content"`,
        `touch "${seen}/done"`,
      ].join('\n'),
      { mode: 0o755 },
    );
    const server = spawnFilmroom(['serve', '--open', '--port', '0', '--json', '--library', path.join(dir, 'lib.db')], { DISPLAY: ':99', PATH: `${bin}:${process.env.PATH}` });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let buffered = '';
        server.stdout!.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          const line = buffered.split('\n').find((l) => l.startsWith('{'));
          if (line) resolve((JSON.parse(line) as { url: string }).url);
        });
        server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const token = new URL(url).searchParams.get('token')!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      await expect.poll(() => fs.existsSync(path.join(seen, 'done')), { timeout: 20_000 }).toBe(true);

      const cmdline = fs.readFileSync(path.join(seen, 'cmdline'), 'utf8');
      const argv = fs.readFileSync(path.join(seen, 'argv'), 'utf8').trim().split('\n');
      expect(cmdline).not.toContain(token);
      expect(argv).toHaveLength(1);
      expect(argv[0]).toMatch(/^file:\/\/.*\/filmroom-open-[^/]+\/open-film-room\.html$/);
      // Film Room's own process does not carry it either.
      expect(fs.readFileSync(`/proc/${server.pid}/cmdline`, 'utf8')).not.toContain(token);

      expect(fs.readFileSync(path.join(seen, 'file-mode'), 'utf8').trim()).toBe('600');
      expect(fs.readFileSync(path.join(seen, 'folder-mode'), 'utf8').trim()).toBe('700');
      const content = fs.readFileSync(path.join(seen, 'content'), 'utf8');
      expect(content).toContain(`<meta http-equiv="refresh" content="0;url=${url}">`);
      expect(content).toContain('no-referrer');

      // Gone once Film Room stops (or after a minute).
      server.kill('SIGINT');
      await server.output;
      expect(fs.existsSync(argv[0]!.slice('file://'.length))).toBe(false);
    } finally {
      server.kill('SIGKILL');
    }
  });
});
