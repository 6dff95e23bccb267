import { DomainError } from '@app/platform';

/**
 * A refusal decided inside a case transaction after its audit event was written: thrown there,
 * it ends the work, and `CaseTransactions` commits what was written (the audit event) before it
 * answers the caller with `error`. Any other error still rolls the transaction back.
 */
export class CaseRefusal extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
    this.name = 'CaseRefusal';
  }
}
