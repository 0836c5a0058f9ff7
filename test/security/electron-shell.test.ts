import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveAppRequest } from '../../main/electron/app-protocol.js';
import { denyAllPermissions, type PermissionSession } from '../../main/electron/security.js';
import { tempDir } from '../helpers/temp.js';

// The Electron shell's rules, run without Electron (its binary cannot be downloaded here): the
// app protocol handler and the permission handlers are plain functions given Electron's objects.

describe('the filmroom:// protocol', () => {
  const setUp = () => {
    const root = tempDir('filmroom-security-protocol-');
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Film Room</title>');
    const video = path.join(root, 'game.mp4');
    fs.writeFileSync(video, 'v'.repeat(100));
    return { rendererRoot: root, videoOf: (id: number) => (id === 7 ? video : undefined) };
  };

  it('serves only host `app` (failed before: any host answered with the renderer and the videos)', async () => {
    const options = setUp();
    expect((await serveAppRequest(options, new Request('filmroom://app/index.html'))).status).toBe(200);
    for (const url of ['filmroom://evil/index.html', 'filmroom://app.evil/index.html', 'filmroom://evil/media/game/7', 'filmroom://apps/media/game/7']) {
      const response = await serveAppRequest(options, new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('Film Room');
    }
  });

  it('answers only GET and HEAD on a video, 405 with Allow otherwise (failed before: no Allow header)', async () => {
    const options = setUp();
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const response = await serveAppRequest(options, new Request('filmroom://app/media/game/7', { method, ...(method === 'POST' || method === 'PUT' || method === 'PATCH' ? { body: 'x' } : {}) }));
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow'), method).toBe('GET, HEAD');
    }
    const head = await serveAppRequest(options, new Request('filmroom://app/media/game/7', { method: 'HEAD' }));
    expect(head.status).toBe(200);
  });

  it('sends X-Frame-Options: DENY (failed before: absent)', async () => {
    const response = await serveAppRequest(setUp(), new Request('filmroom://app/index.html'));
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('the permission handlers', () => {
  it('deny every request and every check (failed before: no check handler was set)', () => {
    let requestHandler: Parameters<PermissionSession['setPermissionRequestHandler']>[0] = null;
    let checkHandler: Parameters<PermissionSession['setPermissionCheckHandler']>[0] = null;
    denyAllPermissions({
      setPermissionRequestHandler: (handler) => (requestHandler = handler),
      setPermissionCheckHandler: (handler) => (checkHandler = handler),
    });
    expect(checkHandler).not.toBeNull();
    expect(requestHandler).not.toBeNull();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'usb', 'fullscreen', 'openExternal']) {
      expect(checkHandler!({}, permission), permission).toBe(false);
      const answers: boolean[] = [];
      requestHandler!({}, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
    }
  });
});
