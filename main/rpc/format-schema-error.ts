import type { z } from 'zod';

/** One line per problem, each naming the field: `seasonId: must be a positive id (got -3)`. */
export function formatSchemaError(error: unknown): string {
  const issues = (error as z.ZodError | undefined)?.issues;
  if (!issues || issues.length === 0) return 'the request is not valid';
  return issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : 'request';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}
