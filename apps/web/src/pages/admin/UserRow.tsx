import { Button, Field, Label, Paragraph, Select, Table } from '@digdir/designsystemet-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { call, errorMessage } from '../../api/errors';
import { type Role, useUser } from '../../session/SessionProvider';
import { ROLES } from './roles';

type User = Schemas['UserDto'];

/**
 * One account: its role can be changed and it can be (de)activated, with If-Match on its version;
 * an invited one can be sent a new invitation (the earlier link stops working).
 */
export function UserRow({ user, organizationName }: { user: User; organizationName: string }) {
  const { t } = useTranslation();
  const me = useUser();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role | ''>(user.role ?? '');
  const update = useMutation({
    mutationFn: (body: Schemas['UpdateUserDto']) =>
      call(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id }, header: { 'If-Match': String(user.version) } },
          body,
        }),
      ),
    onSuccess: (answer) => {
      // A staff role waits for a supervisor (202): the account keeps its role, and so does the select.
      if ('grantId' in answer) setRole(answer.user.role ?? '');
      void queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const resend = useMutation({
    mutationFn: () => call(api.POST('/api/v1/users/{id}/invitation', { params: { path: { id: user.id } } })),
  });
  const self = user.id === me.id;
  const roleId = `user-role-${user.id}`;
  const name = user.displayName;

  return (
    <Table.Row data-testid={`user-${user.email}`}>
      <Table.Cell>
        {name}
        <br />
        <span className="app-muted">{user.email}</span>
      </Table.Cell>
      <Table.Cell>
        {self ? (
          t(`roles.${user.role ?? 'none'}`)
        ) : (
          <div className="app-actions">
            <Field>
              <Label htmlFor={roleId} className="app-visually-hidden">
                {t('pages.users.roleOf', { name })}
              </Label>
              <Select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {!user.role && <Select.Option value="">{t('roles.none')}</Select.Option>}
                {ROLES.map((r) => (
                  <Select.Option key={r} value={r}>
                    {t(`roles.${r}`)}
                  </Select.Option>
                ))}
              </Select>
            </Field>
            <Button
              variant="secondary"
              data-size="sm"
              aria-label={t('pages.users.saveRole', { name })}
              aria-disabled={!role || role === user.role || update.isPending || undefined}
              onClick={() => role && role !== user.role && !update.isPending && update.mutate({ role })}
            >
              {t('pages.users.saveRoleShort')}
            </Button>
          </div>
        )}
        {user.pendingRole && (
          <Paragraph data-size="sm" data-testid="pending-role">
            {t('pages.users.pendingRole', { role: t(`roles.${user.pendingRole}`) })}
          </Paragraph>
        )}
      </Table.Cell>
      <Table.Cell>{organizationName}</Table.Cell>
      <Table.Cell>{t(`pages.users.status.${user.status}`)}</Table.Cell>
      <Table.Cell>
        {self ? (
          t('pages.users.selfShort')
        ) : (
          <Button
            variant="secondary"
            data-size="sm"
            data-color={user.active ? 'danger' : undefined}
            aria-disabled={update.isPending || undefined}
            onClick={() => !update.isPending && update.mutate({ active: !user.active })}
          >
            {user.active ? t('pages.users.deactivate', { name }) : t('pages.users.activate', { name })}
          </Button>
        )}
        {user.status === 'invited' && !self && (
          <Button
            variant="secondary"
            data-size="sm"
            aria-disabled={resend.isPending || undefined}
            onClick={() => !resend.isPending && resend.mutate()}
          >
            {t('pages.users.resend', { name })}
          </Button>
        )}
        {resend.isError && (
          <Paragraph role="alert" data-size="sm">
            {errorMessage(t, resend.error)}
          </Paragraph>
        )}
        {resend.isSuccess && (
          <Paragraph role="status" data-size="sm">
            {t('pages.users.resent', { name })}
          </Paragraph>
        )}
        {update.isError && (
          <Paragraph role="alert" data-size="sm">
            {errorMessage(t, update.error)}
          </Paragraph>
        )}
        {update.isSuccess && (
          <Paragraph role="status" data-size="sm">
            {'grantId' in update.data
              ? t('pages.users.rolePending', { name, role: t(`roles.${update.data.requestedRole}`) })
              : t('pages.users.updated', { name })}
          </Paragraph>
        )}
      </Table.Cell>
    </Table.Row>
  );
}
