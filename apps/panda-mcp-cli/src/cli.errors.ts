/** A failure the CLI reports as one line on stderr and an exit code, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad flags or arguments: exit code 2, as shells and argument parsers use it. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/**
 * No usable PanDA token: none saved, expired without a refresh token, or the identity provider refused
 * the refresh. The message tells the person what to run; the bridge passes it to the agent as is.
 */
export class LoginRequiredError extends CliError {
  constructor(
    readonly reason: string,
    readonly loginCommand: string,
  ) {
    super(`PanDA login needed: ${reason}. Run \`${loginCommand}\` in a terminal, then try again.`);
    this.name = 'LoginRequiredError';
  }
}

/** The message of anything thrown, for one-line reports. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * fetch failures hide the reason (ECONNREFUSED, certificate errors) in `cause`; bring it out, with a
 * hint for the usual certificate problem.
 */
export function describeFetchError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { message?: string; code?: string } } | null)?.cause;
  const details = [cause?.message, cause?.code].filter(
    (part): part is string => typeof part === 'string' && part !== '' && !message.includes(part),
  );
  const text = details.length ? `${message}: ${details.join(', ')}` : message;
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(`${cause?.code ?? ''} ${text}`)
    ? `${text} (if the server's certificate comes from a private or grid CA, pass that CA with --ca-bundle)`
    : text;
}
