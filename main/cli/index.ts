import { usePrivateUmask } from '../system/private-files.js';
import { runCli } from './run.js';

usePrivateUmask();

// The `filmroom` executable: wires the process to runCli and turns signals into a clean stop.
const interrupted = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  interrupted,
  stderrIsTTY: process.stderr.isTTY === true,
});
process.exitCode = code;
