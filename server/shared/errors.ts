/**
 * The one error type domain code throws. `userMessage` is safe to show to any caller and
 * names the problem precisely (which row, which column, which field); `internal` carries
 * whatever the server log needs and never leaves the server.
 */
export type DomainErrorCode =
  | 'BAD_INPUT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'PRECONDITION_FAILED'
  | 'PAYLOAD_TOO_LARGE';

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly userMessage: string;
  readonly internal?: unknown;

  constructor(code: DomainErrorCode, userMessage: string, internal?: unknown) {
    super(userMessage);
    this.name = 'DomainError';
    this.code = code;
    this.userMessage = userMessage;
    this.internal = internal;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
