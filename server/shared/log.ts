/** Server-side log: complete details stay here, clients only ever see generic 5xx messages. */
export function logServerError(where: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`[holdout] ${new Date().toISOString()} ${where}: ${detail}`);
}

export function logInfo(message: string): void {
  console.log(`[holdout] ${message}`);
}
