import { Alert, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { call, errorMessage } from '../../../api/errors';
import { PageHeading } from '../../../components/PageHeading';
import { ROLE_GRANTS_KEY, RoleGrantCard } from './RoleGrantCard';

/**
 * Supervisor: the staff roles admins asked for (GET /role-grants?status=pending), oldest first;
 * approve one, or reject it with a reason (docs/accounts.md "Role grants").
 */
export default function RoleGrantsPage() {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<string | null>(null);
  const grants = useQuery({
    queryKey: ROLE_GRANTS_KEY,
    queryFn: () =>
      call(api.GET('/api/v1/role-grants', { params: { query: { status: 'pending', limit: 100 } } })),
  });
  const items = grants.data?.items ?? [];
  return (
    <>
      <PageHeading>{t('pages.roleGrants.title')}</PageHeading>
      <Paragraph>{t('pages.roleGrants.intro')}</Paragraph>
      {outcome && (
        <Alert data-color="success" role="status" data-testid="role-grant-outcome">
          {outcome}
        </Alert>
      )}
      {grants.isError && <Alert data-color="danger">{errorMessage(t, grants.error)}</Alert>}
      {grants.isPending && <Spinner aria-label={t('app.loading')} />}
      {grants.isSuccess && items.length === 0 && <Paragraph>{t('pages.roleGrants.empty')}</Paragraph>}
      {items.length > 0 && (
        <ul className="staff-cards" data-testid="role-grants">
          {items.map((grant) => (
            <RoleGrantCard key={grant.id} grant={grant} onDecided={setOutcome} />
          ))}
        </ul>
      )}
    </>
  );
}
