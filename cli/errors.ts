/** A problem with what the operator typed: printed as one line, exit status 1. */
export class CliError extends Error {}
