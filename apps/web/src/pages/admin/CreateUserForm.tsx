import {
  Alert,
  Button,
  Field,
  Heading,
  Label,
  Paragraph,
  Select,
  Textfield,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { ApiError, call, errorMessage } from '../../api/errors';
import { FormErrorSummary, type FormError } from '../../components/FormErrorSummary';
import type { Role } from '../../session/SessionProvider';
import { ROLES } from './roles';

type Body = Schemas['CreateUserDto'];
const ID = {
  email: 'new-user-email',
  displayName: 'new-user-name',
  role: 'new-user-role',
  organization: 'new-user-organization',
  password: 'new-user-password',
} as const;
/**
 * POST /users rules (OpenAPI CreateUserDto): organization for requesters; a password (12 to 256
 * characters) only for requesters and optional there; staff are always invited.
 */
const PASSWORD_MIN = 12;
const PASSWORD_MAX = 256;
const SERVER_FIELDS: Record<string, string> = {
  email: ID.email,
  displayName: ID.displayName,
  role: ID.role,
  organizationId: ID.organization,
  password: ID.password,
};

interface Draft {
  email: string;
  displayName: string;
  role: Role | '';
  organizationId: string;
  password: string;
}
const EMPTY: Draft = { email: '', displayName: '', role: '', organizationId: '', password: '' };

/**
 * Admin: a new account. Staff are invited by email and choose their own password; a requester may
 * be given one here (handed over out of band) or be invited too.
 */
export function CreateUserForm({ organizations }: { organizations: readonly Schemas['OrganizationDto'][] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<FormError[]>([]);
  const create = useMutation({
    mutationFn: (body: Body) => call(api.POST('/api/v1/users', { body })),
    onSuccess: () => {
      setDraft(EMPTY);
      setErrors([]);
      void queryClient.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        setErrors([{ fieldId: ID.email, message: t('pages.users.errors.emailTaken') }]);
        return;
      }
      const named = error instanceof ApiError ? error.fields.filter((f) => SERVER_FIELDS[f]) : [];
      setErrors(
        named.length > 0
          ? named.map((f) => ({ fieldId: SERVER_FIELDS[f], message: t('pages.users.errors.field') }))
          : [{ message: errorMessage(t, error) }],
      );
    },
  });
  const fieldError = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const update = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));

  function validate(d: Draft): FormError[] {
    const found: FormError[] = [];
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(d.email.trim()))
      found.push({ fieldId: ID.email, message: t('pages.users.errors.emailInvalid') });
    if (!d.displayName.trim())
      found.push({ fieldId: ID.displayName, message: t('pages.users.errors.displayNameRequired') });
    if (!d.role) found.push({ fieldId: ID.role, message: t('pages.users.errors.roleRequired') });
    if (d.role === 'requester' && !d.organizationId)
      found.push({ fieldId: ID.organization, message: t('pages.users.errors.organizationRequired') });
    if (d.role !== 'requester' || d.password === '') return found;
    if (d.password.length < PASSWORD_MIN)
      found.push({ fieldId: ID.password, message: t('pages.users.errors.passwordTooShort') });
    else if (d.password.length > PASSWORD_MAX)
      found.push({ fieldId: ID.password, message: t('pages.users.errors.passwordTooLong') });
    return found;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return;
    const found = validate(draft);
    setErrors(found);
    create.reset();
    if (found.length > 0 || !draft.role) return;
    create.mutate({
      email: draft.email.trim(),
      displayName: draft.displayName.trim(),
      role: draft.role,
      ...(draft.role === 'requester' && draft.password ? { password: draft.password } : {}),
      ...(draft.organizationId ? { organizationId: draft.organizationId } : {}),
    });
  }

  const selectError = (id: string) =>
    fieldError(id) ? <ValidationMessage id={`${id}-error`}>{fieldError(id)}</ValidationMessage> : null;

  return (
    <section aria-labelledby="users-create" className="app-section">
      <Heading level={2} data-size="sm" id="users-create">
        {t('pages.users.createHeading')}
      </Heading>
      <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
      {create.isSuccess && (
        <Alert data-color="success" role="status" data-testid="user-created">
          {'grantId' in create.data
            ? t('pages.users.createdPending', {
                name: create.data.user.displayName,
                role: t(`roles.${create.data.requestedRole}`),
              })
            : t(create.data.status === 'invited' ? 'pages.users.createdInvited' : 'pages.users.created', {
                name: create.data.displayName,
              })}
        </Alert>
      )}
      <form noValidate onSubmit={submit} className="app-form">
        <Textfield
          id={ID.email}
          type="email"
          autoComplete="off"
          label={t('pages.users.email')}
          value={draft.email}
          onChange={(e) => update({ email: e.target.value })}
          error={fieldError(ID.email)}
        />
        <Textfield
          id={ID.displayName}
          autoComplete="off"
          label={t('pages.users.displayName')}
          value={draft.displayName}
          onChange={(e) => update({ displayName: e.target.value })}
          error={fieldError(ID.displayName)}
        />
        <Field>
          <Label htmlFor={ID.role}>{t('pages.users.role')}</Label>
          <Select
            id={ID.role}
            value={draft.role}
            aria-invalid={fieldError(ID.role) ? true : undefined}
            aria-describedby={fieldError(ID.role) ? `${ID.role}-error` : undefined}
            onChange={(e) => update({ role: e.target.value as Role | '' })}
          >
            <Select.Option value="">{t('pages.users.choose')}</Select.Option>
            {ROLES.map((r) => (
              <Select.Option key={r} value={r}>
                {t(`roles.${r}`)}
              </Select.Option>
            ))}
          </Select>
          {selectError(ID.role)}
        </Field>
        <Field>
          <Label htmlFor={ID.organization}>{t('pages.users.organization')}</Label>
          <Field.Description id={`${ID.organization}-hint`}>
            {t('pages.users.organizationHint')}
          </Field.Description>
          <Select
            id={ID.organization}
            value={draft.organizationId}
            aria-invalid={fieldError(ID.organization) ? true : undefined}
            aria-describedby={[
              `${ID.organization}-hint`,
              fieldError(ID.organization) ? `${ID.organization}-error` : '',
            ]
              .filter(Boolean)
              .join(' ')}
            onChange={(e) => update({ organizationId: e.target.value })}
          >
            <Select.Option value="">{t('pages.users.choose')}</Select.Option>
            {organizations.map((org) => (
              <Select.Option key={org.id} value={org.id}>
                {org.name}
              </Select.Option>
            ))}
          </Select>
          {selectError(ID.organization)}
        </Field>
        {draft.role === 'requester' ? (
          <Textfield
            id={ID.password}
            type="password"
            autoComplete="new-password"
            label={t('pages.users.password')}
            description={t('pages.users.passwordOptionalHint')}
            value={draft.password}
            onChange={(e) => update({ password: e.target.value })}
            error={fieldError(ID.password)}
          />
        ) : (
          <Paragraph data-testid="invitation-note">{t('pages.users.invitationNote')}</Paragraph>
        )}
        <div>
          <Button type="submit" aria-disabled={create.isPending || undefined}>
            {create.isPending ? t('pages.users.creating') : t('pages.users.create')}
          </Button>
        </div>
      </form>
    </section>
  );
}
