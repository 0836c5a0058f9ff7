/**
 * The Electron shell's security rules as plain functions, so they are unit-tested without Electron.
 */

export const APP_SCHEME = 'filmroom';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export { CONTENT_SECURITY_POLICY } from '../system/content-security-policy.js';

/** Only the app's own pages may be shown or send IPC; everything else is foreign. */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'app';
  } catch {
    return false;
  }
}

/** The window's web preferences: isolated, sandboxed, no Node in the page, only the preload. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  } as const;
}
