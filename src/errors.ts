/**
 * Coded errors (the habit of bolt-js and @slack/oauth): domain code throws an AppError with a code;
 * the internal API maps the code to an HTTP status and the JSON error body of design §4.
 */
export enum ErrorCode {
  InvalidRequest = 'invalid_request',
  InvalidSignature = 'invalid_signature',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  MethodNotAllowed = 'method_not_allowed',
  Conflict = 'conflict',
  NotConnected = 'not_connected',
  TooLarge = 'too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  InvalidExpression = 'invalid_expression',
  InvalidTemplate = 'invalid_template',
  /** Timing settings (issue 21) that parse but make no sense: a bad time, zone, day or type. */
  InvalidSettings = 'invalid_settings',
  Internal = 'internal_error',
  Unavailable = 'unavailable',
}

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.InvalidRequest]: 400,
  [ErrorCode.InvalidSignature]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.MethodNotAllowed]: 405,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.NotConnected]: 409,
  [ErrorCode.TooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.InvalidExpression]: 422,
  [ErrorCode.InvalidTemplate]: 422,
  [ErrorCode.InvalidSettings]: 422,
  [ErrorCode.Internal]: 500,
  [ErrorCode.Unavailable]: 503,
};

export class AppError extends Error {
  /** Extra top-level fields of the JSON error body (e.g. `field` for invalid_expression). */
  readonly extra: Record<string, unknown>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options: { cause?: unknown; extra?: Record<string, unknown>; status?: 422 } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.extra = options.extra ?? {};
    this.statusOverride = options.status;
  }

  /**
   * A well-formed request whose value is refused (an unknown `default_locale`, issue 22) keeps the
   * code `invalid_request` but answers 422, as the issue asks.
   */
  private readonly statusOverride?: 422;

  get status(): number {
    return this.statusOverride ?? STATUS[this.code];
  }

  toJSON(): Record<string, unknown> {
    const body: Record<string, unknown> = { error: this.code, message: this.message, ...this.extra };
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

export const notFound = (what: string) => new AppError(ErrorCode.NotFound, `${what} was not found.`);
