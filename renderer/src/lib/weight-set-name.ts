import { WeightSetName } from '../../../shared/api/transfer.js';

/** Why `name` cannot name a weight set (the library's own rule), or null when it can or is still empty. */
export function weightSetNameProblem(name: string): string | null {
  if (name === '') return null;
  const parsed = WeightSetName.safeParse(name);
  return parsed.success ? null : `This name cannot be used: ${parsed.error.issues[0]?.message ?? 'invalid name'}.`;
}
