import { ErrorSummary } from '@digdir/designsystemet-react';
import { type ComponentRef, useEffect, useRef } from 'react';

export interface FormError {
  /** The id of the field the link moves to; omit for an error of the whole form. */
  fieldId?: string;
  message: string;
}

/**
 * The error summary at the top of a form (WCAG 3.3.1): a heading and one link per error to its
 * field. It takes the focus each time a new set of errors is shown. Show the same message on the
 * field itself (Designsystemet fields' `error` prop).
 */
export function FormErrorSummary({ heading, errors }: { heading: string; errors: FormError[] }) {
  const ref = useRef<ComponentRef<typeof ErrorSummary>>(null);
  const signature = errors.map((e) => `${e.fieldId}:${e.message}`).join('|');
  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature]);
  if (errors.length === 0) return null;
  return (
    <ErrorSummary ref={ref} tabIndex={-1} data-testid="error-summary">
      <ErrorSummary.Heading>{heading}</ErrorSummary.Heading>
      <ErrorSummary.List>
        {errors.map((error) => (
          <ErrorSummary.Item key={`${error.fieldId ?? ''}${error.message}`}>
            {error.fieldId ? (
              <ErrorSummary.Link href={`#${error.fieldId}`}>{error.message}</ErrorSummary.Link>
            ) : (
              error.message
            )}
          </ErrorSummary.Item>
        ))}
      </ErrorSummary.List>
    </ErrorSummary>
  );
}
