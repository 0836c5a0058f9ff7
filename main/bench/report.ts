/** Prints bench figures as aligned lines: what was measured, the figure, and its ratio to the baseline. */
export function printRow(label: string, value: string, note = ''): void {
  console.log(`  ${label.padEnd(44)} ${value.padStart(14)}  ${note}`);
}

export function printHeading(title: string): void {
  console.log(`\n${title}\n${'-'.repeat(title.length)}`);
}

export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}
