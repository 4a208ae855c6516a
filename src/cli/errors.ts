/** An error meant for the person at the terminal: printed without a stack trace. */
export class CliError extends Error {}
