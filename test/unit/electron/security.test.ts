import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveAppRequest } from '../../../main/electron/app-protocol.js';
import { APP_ENTRY, CONTENT_SECURITY_POLICY, isAppUrl, secureWebPreferences } from '../../../main/electron/security.js';
import fs from 'node:fs';
import { tempDir } from '../../helpers/temp.js';

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
    const ok = await serveAppRequest(root, new Request('filmroom://app/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/text\/html/);
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await ok.text()).toContain('Film Room');
    const escape = await serveAppRequest(root, new Request('filmroom://app/%2e%2e/outside-secret.txt'));
    expect(escape.status).toBe(404);
    expect((await serveAppRequest(root, new Request('filmroom://app/index.html', { method: 'POST' }))).status).toBe(405);
    fs.rmSync(path.join(path.dirname(root), 'outside-secret.txt'));
  });
});
