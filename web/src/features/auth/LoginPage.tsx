import { Anchor, Button, PasswordInput, PinInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client';
import { landingPath } from '../../auth/areas';
import { switchAccount, useMe } from '../../auth/session';
import { Loading } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AuthLayout } from './AuthLayout';

/** Sign-in with email or phone + password; asks for the authenticator code when the account has TOTP on. */
export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = params.get('next');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const [needTotp, setNeedTotp] = useState(false);
  const [totp, setTotp] = useState('');
  const form = useForm({
    initialValues: { login: params.get('login') ?? '', password: '' },
    validate: {
      login: (v) => (v.trim().length < 3 ? t('auth.loginRequired') : null),
      password: (v) => (v ? null : t('auth.passwordRequired')),
    },
  });
  const login = useMutation({
    mutationFn: (body: { login: string; password: string; totp?: string }) => unwrap(api.POST('/api/auth/login', { body })),
    onSuccess: (res) => {
      switchAccount(qc, res.account);
      navigate(landingPath(res.account, next), { replace: true });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'auth.totp_required') setNeedTotp(true);
      else if (needTotp) setTotp('');
    },
  });

  if (me.isPending) return <Loading />;
  if (me.data && !login.isSuccess) return <Navigate to={landingPath(me.data, next)} replace />;

  const submit = form.onSubmit((v) => login.mutate({ login: v.login.trim(), password: v.password, ...(needTotp ? { totp } : {}) }));
  return (
    <AuthLayout title={t('auth.signInTitle')} subtitle={t('auth.signInSubtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ProblemAlert error={login.error instanceof ApiError && login.error.code === 'auth.totp_required' ? null : login.error} />
          <TextInput label={t('auth.login')} description={t('auth.loginHint')} autoComplete="username" required
            data-autofocus autoFocus={!needTotp} disabled={needTotp} {...form.getInputProps('login')} />
          <PasswordInput label={t('auth.password')} autoComplete="current-password" required disabled={needTotp} {...form.getInputProps('password')} />
          {needTotp && (
            <Stack gap={6}>
              <Text size="sm" fw={500} id="totp-label">{t('auth.totpCode')}</Text>
              <Text size="xs" c="dimmed">{t('auth.totpHint')}</Text>
              <PinInput length={6} type="number" oneTimeCode autoFocus value={totp} onChange={setTotp}
                aria-labelledby="totp-label" data-testid="totp-input" onComplete={(v) => { setTotp(v); }} />
            </Stack>
          )}
          <Button type="submit" fullWidth size="md" loading={login.isPending} disabled={needTotp && totp.length !== 6} data-testid="sign-in-submit">
            {needTotp ? t('auth.verifyAndSignIn') : t('auth.signIn')}
          </Button>
          {needTotp && (
            <Button variant="subtle" color="gray" onClick={() => { setNeedTotp(false); setTotp(''); login.reset(); }}>{t('auth.useAnotherAccount')}</Button>
          )}
          <Text size="sm" ta="center" c="dimmed">
            {t('auth.noAccount')} <Anchor component={Link} to="/register">{t('auth.registerNow')}</Anchor>
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
