import { ValidationFailedError } from '@app/platform';
import { describeFinding, findIdentifyingData } from './identifying-data.detector';

/**
 * For text in a de-identified request: a 400 naming what to remove and why, once per kind found
 * (the matched text is never echoed), or null when the text identifies nobody.
 */
export function identifyingDataRefusal(field: string, text: string): ValidationFailedError | null {
  const kinds = [...new Set(findIdentifyingData(text).map((finding) => finding.kind))];
  if (kinds.length === 0) return null;
  return new ValidationFailedError(
    kinds.map((kind) => ({ field, message: describeFinding(kind) })),
    'The request is de-identified, but the text contains data that identifies a person.',
  );
}
