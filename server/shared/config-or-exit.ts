/**
 * A command's validated configuration, or its message on stderr and exit code 1: a bad setting is
 * the operator's to fix, so it gets the validation message, not a stack trace.
 */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
