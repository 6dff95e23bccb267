import {
  Alert,
  Button,
  Field,
  Heading,
  Label,
  Select,
  Table,
  Textfield,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { call, errorMessage } from '../../api/errors';
import { FormErrorSummary, type FormError } from '../../components/FormErrorSummary';
import { formatDateTime } from '../../components/formatDateTime';
import { ListTable } from '../../components/ListTable';
import { ListView, pagesOf } from '../../components/ListView';
import { PageHeading } from '../../components/PageHeading';

type Kind = Schemas['OrganizationDto']['kind'];
const ORGANIZATION_KINDS: readonly Kind[] = [
  'school',
  'health_care',
  'social_services',
  'police',
  'ngo',
  'other',
];
const NAME = 'organization-name';
const KIND = 'organization-kind';

/** Admin: the organizations requesters belong to (GET/POST /organizations). No case content. */
export default function OrganizationsPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind | ''>('');
  const [errors, setErrors] = useState<FormError[]>([]);

  const list = useInfiniteQuery({
    queryKey: ['organizations'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/organizations', { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const create = useMutation({
    mutationFn: (body: Schemas['CreateOrganizationDto']) => call(api.POST('/api/v1/organizations', { body })),
    onSuccess: () => {
      setName('');
      setKind('');
      setErrors([]);
      void queryClient.invalidateQueries({ queryKey: ['organizations'] });
    },
    onError: (error) => setErrors([{ message: errorMessage(t, error) }]),
  });
  const fieldError = (id: string) => errors.find((e) => e.fieldId === id)?.message;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return;
    const found: FormError[] = [];
    if (!name.trim()) found.push({ fieldId: NAME, message: t('pages.organizations.nameRequired') });
    if (!kind) found.push({ fieldId: KIND, message: t('pages.organizations.kindRequired') });
    setErrors(found);
    create.reset();
    if (found.length === 0 && kind) create.mutate({ name: name.trim(), kind });
  }

  return (
    <div className="app-wide">
      <PageHeading>{t('pages.organizations.title')}</PageHeading>

      <section aria-labelledby="organizations-create" className="app-section">
        <Heading level={2} data-size="sm" id="organizations-create">
          {t('pages.organizations.createHeading')}
        </Heading>
        <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
        {create.isSuccess && (
          <Alert data-color="success" role="status" data-testid="organization-created">
            {t('pages.organizations.created', { name: create.data.name })}
          </Alert>
        )}
        <form noValidate onSubmit={submit} className="app-form">
          <Textfield
            id={NAME}
            label={t('pages.organizations.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={fieldError(NAME)}
          />
          <Field>
            <Label htmlFor={KIND}>{t('pages.organizations.kind')}</Label>
            <Select
              id={KIND}
              value={kind}
              aria-invalid={fieldError(KIND) ? true : undefined}
              aria-describedby={fieldError(KIND) ? `${KIND}-error` : undefined}
              onChange={(e) => setKind(e.target.value as Kind | '')}
            >
              <Select.Option value="">{t('pages.organizations.choose')}</Select.Option>
              {ORGANIZATION_KINDS.map((k) => (
                <Select.Option key={k} value={k}>
                  {t(`pages.organizations.kinds.${k}`)}
                </Select.Option>
              ))}
            </Select>
            {fieldError(KIND) && (
              <ValidationMessage id={`${KIND}-error`}>{fieldError(KIND)}</ValidationMessage>
            )}
          </Field>
          <div>
            <Button type="submit" aria-disabled={create.isPending || undefined}>
              {create.isPending ? t('pages.organizations.creating') : t('pages.organizations.create')}
            </Button>
          </div>
        </form>
      </section>

      <section aria-labelledby="organizations-list" className="app-section">
        <Heading level={2} data-size="sm" id="organizations-list">
          {t('pages.organizations.listHeading')}
        </Heading>
        <ListView source={pagesOf(list)} empty={t('pages.organizations.empty')}>
          {(items) => (
            <ListTable
              testId="organizations"
              caption={t('pages.organizations.caption')}
              columns={[
                t('pages.organizations.columns.name'),
                t('pages.organizations.columns.kind'),
                t('pages.organizations.columns.created'),
              ]}
            >
              {items.map((org) => (
                <Table.Row key={org.id}>
                  <Table.Cell>{org.name}</Table.Cell>
                  <Table.Cell>{t(`pages.organizations.kinds.${org.kind}`)}</Table.Cell>
                  <Table.Cell>{formatDateTime(org.createdAt, i18n.language)}</Table.Cell>
                </Table.Row>
              ))}
            </ListTable>
          )}
        </ListView>
      </section>
    </div>
  );
}
