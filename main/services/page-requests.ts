import type { StartImportRequest } from '../../shared/api/jobs.js';
import type { RequestCheck } from '../rpc/dispatcher.js';
import type { PageFilePolicy } from './page-file-policy.js';

/** The checks calls from a page pass before a service runs them (pages may not import relative or missing paths). */
export function checkPageRequest(files: PageFilePolicy): RequestCheck {
  return async (service, method, request) => {
    if (service === 'jobs' && method === 'startImport') await files.checkImportTarget((request as StartImportRequest).path);
  };
}
