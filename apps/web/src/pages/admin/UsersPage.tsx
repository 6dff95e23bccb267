import { Field, Heading, Label, Select } from '@digdir/designsystemet-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { call } from '../../api/errors';
import { ListTable } from '../../components/ListTable';
import { ListView, pagesOf } from '../../components/ListView';
import { PageHeading } from '../../components/PageHeading';
import { type Role } from '../../session/SessionProvider';
import { CreateUserForm } from './CreateUserForm';
import { UserRow } from './UserRow';

import { ROLES } from './roles';
type Status = Schemas['UserDto']['status'];
const STATUSES: readonly Status[] = ['invited', 'active', 'deactivated'];

/**
 * Admin: accounts (GET/POST/PATCH /users): create (staff by invitation), change role, deactivate and
 * activate, send an invited account a new invitation. No case content.
 */
export default function UsersPage() {
  const { t } = useTranslation();
  const [role, setRole] = useState<Role | ''>('');
  const [status, setStatus] = useState<Status | ''>('');

  const users = useInfiniteQuery({
    queryKey: ['users', { role, status }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/users', {
          params: {
            query: {
              limit: 50,
              cursor: pageParam,
              ...(role ? { role } : {}),
              ...(status ? { status } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const organizations = useQuery({
    queryKey: ['organizations', 'all'],
    queryFn: () => call(api.GET('/api/v1/organizations', { params: { query: { limit: 100 } } })),
  });
  const orgs: Schemas['OrganizationDto'][] = organizations.data?.items ?? [];
  const orgName = (id: string | null) => (id ? (orgs.find((o) => o.id === id)?.name ?? '') : '');

  return (
    <div className="app-wide">
      <PageHeading>{t('pages.users.title')}</PageHeading>

      <section aria-labelledby="users-list" className="app-section">
        <Heading level={2} data-size="sm" id="users-list">
          {t('pages.users.caption')}
        </Heading>
        <div className="app-actions" role="group" aria-label={t('pages.users.filtersLegend')}>
          <Field>
            <Label htmlFor="users-filter-role">{t('pages.users.roleFilter')}</Label>
            <Select
              id="users-filter-role"
              value={role}
              onChange={(e) => setRole(e.target.value as Role | '')}
            >
              <Select.Option value="">{t('pages.users.allRoles')}</Select.Option>
              {ROLES.map((r) => (
                <Select.Option key={r} value={r}>
                  {t(`roles.${r}`)}
                </Select.Option>
              ))}
            </Select>
          </Field>
          <Field>
            <Label htmlFor="users-filter-status">{t('pages.users.activeFilter')}</Label>
            <Select
              id="users-filter-status"
              value={status}
              onChange={(e) => setStatus(e.target.value as Status | '')}
            >
              <Select.Option value="">{t('pages.users.allAccounts')}</Select.Option>
              {STATUSES.map((s) => (
                <Select.Option key={s} value={s}>
                  {t(`pages.users.status.${s}`)}
                </Select.Option>
              ))}
            </Select>
          </Field>
        </div>
        <ListView source={pagesOf(users)} empty={t('pages.users.empty')}>
          {(items) => (
            <ListTable
              testId="users"
              caption={t('pages.users.caption')}
              columns={[
                t('pages.users.columns.name'),
                t('pages.users.columns.role'),
                t('pages.users.columns.organization'),
                t('pages.users.columns.status'),
                t('pages.users.columns.actions'),
              ]}
            >
              {items.map((user) => (
                <UserRow key={user.id} user={user} organizationName={orgName(user.organizationId)} />
              ))}
            </ListTable>
          )}
        </ListView>
      </section>

      <CreateUserForm organizations={orgs} />
    </div>
  );
}
