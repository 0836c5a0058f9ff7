import { spawn } from 'node:child_process';

/**
 * Opens a URL in the user's browser when the system has a way to (a desktop session); on a
 * headless machine it says so and leaves the printed link to the user.
 */
export function openInBrowser(url: string, say: (line: string) => void, env: NodeJS.ProcessEnv = process.env): boolean {
  const opener = pickOpener(env);
  if (!opener) {
    say('No desktop browser found here: open the link above in a browser on this machine.');
    return false;
  }
  try {
    const child = spawn(opener.command, [...opener.args, url], { detached: true, stdio: 'ignore' });
    child.on('error', () => say(`Could not start ${opener.command}: open the link above by hand.`));
    child.unref();
    return true;
  } catch {
    say(`Could not start ${opener.command}: open the link above by hand.`);
    return false;
  }
}

function pickOpener(env: NodeJS.ProcessEnv): { command: string; args: string[] } | undefined {
  if (process.platform === 'darwin') return { command: 'open', args: [] };
  if (process.platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return { command: 'xdg-open', args: [] };
  return undefined;
}
