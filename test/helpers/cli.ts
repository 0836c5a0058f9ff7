import { runCli } from '../../main/cli/run.js';

/** Runs a `filmroom` command line in this process and collects what it printed. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { HOME: '/nonexistent-home', ...env },
    interrupted: new Promise(() => undefined),
  });
  return { code, stdout, stderr };
}
