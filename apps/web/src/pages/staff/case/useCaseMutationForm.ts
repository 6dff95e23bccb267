import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../../api/errors';
import type { FormError } from '../../../components/FormErrorSummary';
import type { Consultation } from '../vocabulary';
import { useCaseChanged } from './useCase';

interface CaseMutationFormOptions {
  consultation: Consultation;
  /** The change, sent with the case's version as `If-Match`; answers the changed case. */
  send: () => Promise<Consultation>;
  /** The form's own check before sending: the error to show, or null to send. */
  check: () => FormError | null;
  /** Where and how to show a refused change. */
  refusal: (error: unknown) => FormError;
  /** After a change went through and the cached case was replaced. */
  onDone?: (answer: Consultation) => void;
}

/**
 * A case form that sends one change: its errors, a check before sending, a submit that ignores a
 * second press while one is under way, and the case reloaded when the change was refused because
 * the case had moved on (412) or replaced by the answer when it went through.
 */
export function useCaseMutationForm({ consultation, send, check, refusal, onDone }: CaseMutationFormOptions) {
  const changed = useCaseChanged(consultation.id);
  const [errors, setErrors] = useState<FormError[]>([]);
  const mutation = useMutation({
    mutationFn: send,
    onSuccess: (answer) => {
      setErrors([]);
      changed(answer);
      onDone?.(answer);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 412) changed();
      setErrors([refusal(error)]);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (mutation.isPending) return;
    mutation.reset();
    const invalid = check();
    if (invalid) {
      setErrors([invalid]);
      return;
    }
    mutation.mutate();
  }
  return { mutation, errors, submit };
}
