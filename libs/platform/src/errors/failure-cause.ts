/**
 * Why a request was answered with an expected 5xx (today: the database could not answer), noted by
 * the problem filter for the one line the API writes per request, so that line says why without
 * a second line or a stack. Only codes and driver messages: never SQL, parameters or case text.
 */
export interface FailureCause {
  reason: string;
  code?: string;
  message?: string;
}

const CAUSE = Symbol('failureCause');

type Carrier = { [CAUSE]?: FailureCause };

export function noteFailureCause(request: object | undefined, cause: FailureCause): void {
  if (request) (request as Carrier)[CAUSE] = cause;
}

export function failureCauseOf(request: object): FailureCause | undefined {
  return (request as Carrier)[CAUSE];
}
