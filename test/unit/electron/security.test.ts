import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveAppRequest } from '../../../main/electron/app-protocol.js';
import { APP_ENTRY, CONTENT_SECURITY_POLICY, isAppUrl, secureWebPreferences } from '../../../main/electron/security.js';
import fs from 'node:fs';
import { tempDir } from '../../helpers/temp.js';
import { writeCountingVideo } from '../../helpers/video.js';

// Electron's binary cannot run on these machines; the shell's rules are plain functions, tested here.
describe('the Electron shell’s security rules', () => {
  it('keeps the window isolated and sandboxed, with no Node in the page', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });

  it('treats only the app’s own scheme and host as the app', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(isAppUrl('filmroom://app/review')).toBe(true);
    for (const foreign of ['https://example.com/', 'file:///etc/passwd', 'filmroom://evil/index.html', 'http://127.0.0.1:8080/', 'not a url', undefined]) {
      expect(isAppUrl(foreign), String(foreign)).toBe(false);
    }
  });

  it('sends a strict CSP: scripts and styles only from the app, no inline, no plugins, no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('serves the built renderer on its scheme, and nothing outside it', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Film Room</title>');
    fs.writeFileSync(path.join(path.dirname(root), 'outside-secret.txt'), 'secret');
    const options = { rendererRoot: root, videoOf: () => undefined };
    const ok = await serveAppRequest(options, new Request('filmroom://app/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/text\/html/);
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await ok.text()).toContain('Film Room');
    const escape = await serveAppRequest(options, new Request('filmroom://app/%2e%2e/outside-secret.txt'));
    expect(escape.status).toBe(404);
    expect((await serveAppRequest(options, new Request('filmroom://app/index.html', { method: 'POST' }))).status).toBe(405);
    fs.rmSync(path.join(path.dirname(root), 'outside-secret.txt'));
  });

  it('streams a library game’s video on the app’s scheme with range requests, by id only', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'game.mp4');
    writeCountingVideo(file, { seconds: 1, fps: 25 });
    const bytes = fs.readFileSync(file);
    const options = { rendererRoot: dir, videoOf: (id: number) => (id === 7 ? file : id === 8 ? path.join(dir, 'gone.mp4') : undefined) };
    const get = (url: string, range?: string) => serveAppRequest(options, new Request(url, range ? { headers: { Range: range } } : {}));

    const whole = await get('filmroom://app/media/game/7');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);

    const part = await get('filmroom://app/media/game/7', 'bytes=10-19');
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${bytes.length}`);
    expect(part.headers.get('content-length')).toBe('10');
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(10, 20))).toBe(true);
    const tail = await get('filmroom://app/media/game/7', 'bytes=-5');
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 5))).toBe(true);

    const outside = await get('filmroom://app/media/game/7', `bytes=${bytes.length}-`);
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    const unknown = await get('filmroom://app/media/game/9');
    expect([unknown.status, await unknown.text()]).toEqual([404, 'No game 9 in this library.\n']);
    const missing = await get('filmroom://app/media/game/8');
    expect([missing.status, await missing.text()]).toEqual([404, 'The video of game 8 is missing (gone.mp4): move it back or import the game again.\n']);
    // Only an id: no path from the address ever reaches the file system.
    for (const url of ['filmroom://app/media/game/7/../../game.mp4', 'filmroom://app/media/game/%2e%2e%2fgame.mp4', 'filmroom://app/media/game/7x']) {
      expect((await get(url)).status, url).toBe(404);
    }
  });

  it('serves a finished clip export’s file as a download on the app’s scheme, by job and index only', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'Suns P&R – Q4.mp4');
    writeCountingVideo(file, { seconds: 1, fps: 25 });
    const options = { rendererRoot: dir, videoOf: () => undefined, exportOf: (jobId: string, index: number) => (jobId === 'clips-3' && index === 0 ? file : undefined) };
    const get = (url: string) => serveAppRequest(options, new Request(url));
    const ok = await get('filmroom://app/media/export/clips-3/0');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('video/mp4');
    expect(ok.headers.get('content-disposition')).toBe(`attachment; filename="Suns P&R _ Q4.mp4"; filename*=UTF-8''${encodeURIComponent('Suns P&R – Q4.mp4')}`);
    expect(Buffer.from(await ok.arrayBuffer()).equals(fs.readFileSync(file))).toBe(true);
    for (const url of ['filmroom://app/media/export/clips-3/1', 'filmroom://app/media/export/clips-4/0', 'filmroom://app/media/export/import-3/0', 'filmroom://app/media/export/clips-3/0/../../x']) {
      expect((await get(url)).status, url).toBe(404);
    }
  });
});
