import { runServicesHost } from './host.js';
import { linkToParent } from './parent-link.js';

// The services host's process: started by Electron's main process with utilityProcess.fork, or by
// a Node parent with child_process.fork. It exits when asked to close, or when its parent goes.
const link = linkToParent();
let exiting = false;
const exit = () => {
  if (exiting) return;
  exiting = true;
  // Give the IPC channel a moment to flush `closed` before the process goes.
  setTimeout(() => process.exit(0), 50);
};
const host = runServicesHost(link, { exit });
// A Node parent that dies closes the channel: stop the jobs and close the library cleanly. (Electron
// ends its utility processes itself when the app quits.)
if (link.kind === 'ipc') process.on('disconnect', () => void host.close().finally(exit));
