import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from '../../../api/client';
import { ApiError, call, errorMessage, type ErrorOverrides } from '../../../api/errors';
import type { Consultation } from '../vocabulary';

export const caseKey = (id: string) => ['consultation', id] as const;
export const messagesKey = (id: string) => ['consultation', id, 'messages'] as const;

export function useCase(id: string) {
  return useQuery({
    queryKey: caseKey(id),
    queryFn: () => call(api.GET('/api/v1/consultations/{id}', { params: { path: { id } } })),
  });
}

/** After a change: the answer replaces the cached case; lists that show it are refetched. */
export function useCaseChanged(id: string) {
  const queryClient = useQueryClient();
  return (answer?: Consultation) => {
    if (answer) queryClient.setQueryData(caseKey(id), answer);
    else void queryClient.invalidateQueries({ queryKey: caseKey(id), exact: true });
    void queryClient.invalidateQueries({ queryKey: ['triage-queue'] });
    void queryClient.invalidateQueries({ queryKey: ['my-cases'] });
  };
}

/** A change refused because the case moved on (412): reload it and say so. */
export function changeError(t: TFunction, error: unknown, overrides: ErrorOverrides = {}): string {
  if (error instanceof ApiError && error.status === 412) return t('pages.case.stale');
  return errorMessage(t, error, overrides);
}
