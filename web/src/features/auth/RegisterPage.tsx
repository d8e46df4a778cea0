import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { landingPath } from '../../auth/areas';
import { switchAccount, useMe } from '../../auth/session';
import { Loading } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useValidators } from '../../lib/validators';
import { AuthLayout } from './AuthLayout';

/** Consumer self-registration; signs the new account in straight away. */
export function RegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const v = useValidators();
  const form = useForm({
    initialValues: { displayName: '', email: '', phone: '', password: '', confirm: '' },
    validate: {
      displayName: v.required,
      email: (val, all) => (!val.trim() && !all.phone.trim() ? t('validation.emailOrPhone') : val.trim() ? v.email(val) : null),
      phone: (val) => (val.trim() ? v.phone(val) : null),
      password: v.password,
      confirm: (val, all) => (val === all.password ? null : t('validation.passwordsDiffer')),
    },
  });
  const register = useMutation({
    mutationFn: async (f: typeof form.values) => {
      const email = f.email.trim();
      const phone = f.phone.trim();
      await unwrap(api.POST('/api/auth/register', { body: {
        displayName: f.displayName.trim(), password: f.password, entityType: 'individual',
        ...(email ? { email } : {}), ...(phone ? { phone } : {}),
      } }));
      return unwrap(api.POST('/api/auth/login', { body: { login: email || phone, password: f.password } }));
    },
    onSuccess: (res) => {
      switchAccount(qc, res.account);
      notifications.show({ color: 'green', title: t('auth.registered'), message: t('auth.registeredBody', { name: res.account.displayName }) });
      navigate(landingPath(res.account, null), { replace: true });
    },
  });
  if (me.isPending) return <Loading />;
  if (me.data && !register.isSuccess) return <Navigate to={landingPath(me.data, null)} replace />;
  return (
    <AuthLayout title={t('auth.registerTitle')} subtitle={t('auth.registerSubtitle')}>
      <form onSubmit={form.onSubmit((f) => register.mutate(f))} noValidate>
        <Stack gap="md">
          <ProblemAlert error={register.error} />
          <TextInput label={t('fields.displayName')} autoComplete="nickname" required autoFocus {...form.getInputProps('displayName')} />
          <TextInput label={t('fields.email')} type="email" autoComplete="email" {...form.getInputProps('email')} />
          <TextInput label={t('fields.phone')} type="tel" autoComplete="tel" description={t('auth.emailOrPhoneHint')} {...form.getInputProps('phone')} />
          <PasswordInput label={t('fields.password')} autoComplete="new-password" required description={t('validation.passwordRule')} {...form.getInputProps('password')} />
          <PasswordInput label={t('fields.confirmPassword')} autoComplete="new-password" required {...form.getInputProps('confirm')} />
          <Button type="submit" fullWidth size="md" loading={register.isPending} data-testid="register-submit">{t('auth.registerSubmit')}</Button>
          <Text size="sm" ta="center" c="dimmed">
            {t('auth.haveAccount')} <Anchor component={Link} to="/login">{t('auth.signIn')}</Anchor>
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
