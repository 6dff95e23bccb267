import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { Alert, Button, Heading, Paragraph, Spinner, Table, Textfield } from '@digdir/designsystemet-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { call, errorMessage } from '../../api/errors';
import { FormErrorSummary, type FormError } from '../../components/FormErrorSummary';
import { formatDateTime } from '../../components/formatDateTime';
import { RecoveryCodes } from '../../components/mfa/RecoveryCodes';
import { passkeyErrorMessage, registerPasskey } from '../../session/passkey-ceremony';

const QUERY_KEY = ['auth', 'webauthn', 'credentials'];
/** The caller's second-factor methods (TotpSection reads them): a first passkey changes them. */
const METHODS_KEY = ['auth', 'mfa'];
const NAME_ID = 'passkey-name';

/** The security page's passkeys: the list, adding one with this device, removing one. */
export function PasskeysSection() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: QUERY_KEY, queryFn: () => call(api.GET('/api/v1/auth/webauthn/credentials')) });
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  // What just happened, translated when shown, so it follows a change of language.
  const [notice, setNotice] = useState<{ key: 'passkeys.added' | 'passkeys.removed'; name: string } | null>(null);
  // Recovery codes come with a first factor: shown this once, until the person says they saved them.
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const refresh = () =>
    Promise.all([QUERY_KEY, METHODS_KEY].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  const add = useMutation({
    mutationFn: () => registerPasskey({ name: name.trim() }),
    onSuccess: ({ passkey, recoveryCodes: codes }) => {
      setNotice({ key: 'passkeys.added', name: passkey.name });
      setRecoveryCodes(codes ?? null);
      setName('');
      setErrors([]);
      void refresh();
    },
    onError: (error) => {
      setNotice(null);
      setErrors([{ fieldId: NAME_ID, message: passkeyErrorMessage(t, error) }]);
    },
  });
  const remove = useMutation({
    mutationFn: (passkey: { id: string; name: string }) =>
      call(api.DELETE('/api/v1/auth/webauthn/credentials/{id}', { params: { path: { id: passkey.id } } })),
    onSuccess: (_, passkey) => {
      setNotice({ key: 'passkeys.removed', name: passkey.name });
      void refresh();
    },
  });
  const supported = browserSupportsWebAuthn();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!add.isPending) add.mutate();
  }

  return (
    <section aria-labelledby="passkeys-heading" className="app-section app-stack">
      <Heading level={2} data-size="sm" id="passkeys-heading">
        {t('passkeys.heading')}
      </Heading>
      <Paragraph>{t('passkeys.intro')}</Paragraph>
      {notice && (
        <Alert data-color="success" role="status" data-testid="passkeys-notice">
          {t(notice.key, { name: notice.name })}
        </Alert>
      )}
      {recoveryCodes && <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />}
      {remove.isError && (
        <Alert data-color="danger">{errorMessage(t, remove.error, { 409: t('passkeys.lastFactor') })}</Alert>
      )}
      {list.isPending && <Spinner aria-label={t('app.loading')} />}
      {list.isError && <Alert data-color="danger">{errorMessage(t, list.error)}</Alert>}
      {list.isSuccess && list.data.items.length === 0 && <Paragraph>{t('passkeys.none')}</Paragraph>}
      {list.isSuccess && list.data.items.length > 0 && (
        <div className="app-table-wrap">
          <Table data-testid="passkeys">
            <caption className="app-visually-hidden">{t('passkeys.heading')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('passkeys.columns.name')}</Table.HeaderCell>
                <Table.HeaderCell>{t('passkeys.columns.created')}</Table.HeaderCell>
                <Table.HeaderCell>{t('passkeys.columns.lastUsed')}</Table.HeaderCell>
                <Table.HeaderCell>{t('passkeys.columns.actions')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {list.data.items.map((passkey) => (
                <Table.Row key={passkey.id}>
                  <Table.Cell>{passkey.name}</Table.Cell>
                  <Table.Cell>{formatDateTime(passkey.createdAt, i18n.language)}</Table.Cell>
                  <Table.Cell>
                    {passkey.lastUsedAt ? formatDateTime(passkey.lastUsedAt, i18n.language) : t('passkeys.neverUsed')}
                  </Table.Cell>
                  <Table.Cell>
                    <Button
                      variant="secondary"
                      data-size="sm"
                      aria-disabled={remove.isPending || undefined}
                      onClick={() => !remove.isPending && remove.mutate(passkey)}
                    >
                      {t('passkeys.remove', { name: passkey.name })}
                    </Button>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      {supported ? (
        <>
          <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
          <form noValidate onSubmit={submit} className="app-stack">
            <Textfield
              id={NAME_ID}
              label={t('passkeys.nameLabel')}
              description={t('passkeys.nameHint')}
              maxLength={100}
              value={name}
              onChange={(event) => setName(event.target.value)}
              error={errors.find((e) => e.fieldId === NAME_ID)?.message}
            />
            <div>
              <Button type="submit" aria-disabled={add.isPending || undefined}>
                {add.isPending ? t('passkeys.adding') : t('passkeys.add')}
              </Button>
            </div>
          </form>
        </>
      ) : (
        <Alert data-color="info">{t('passkeys.unsupported')}</Alert>
      )}
    </section>
  );
}
