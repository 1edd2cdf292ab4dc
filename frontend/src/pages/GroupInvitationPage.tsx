import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { request } from '../api/client';
import { AcceptGroupInvitationMutation } from '../api/operations';
import { Alert } from '../components/Alert';
import { useAction } from '../components/groups/useAction';
import { Button, Page } from '../components/Page';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';

/**
 * Where the invitation mail leads (`/werkgroepen/uitnodiging?token=…`):
 * signed in, accept it and go to the group; signed out, sign in or create an
 * account first and then follow the link again.
 */
export function GroupInvitationPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  const { problem, busy, act } = useAction();
  const [accepted, setAccepted] = useState(false);

  const title = t('invitation.title');
  if (!token) {
    return (
      <Page title={title}>
        <Alert kind="error">{t('invitation.noToken')}</Alert>
      </Page>
    );
  }
  if (me === undefined) {
    return (
      <Page title={title}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (me === null) {
    return (
      <Page title={title}>
        <p className="utrecht-paragraph utrecht-paragraph--lead">{t('invitation.intro')}</p>
        <p className="utrecht-paragraph">{t('invitation.signedOut')}</p>
        <div className="plein-actions">
          <Link className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" to="/inloggen">
            {t('nav.signIn')}
          </Link>
          <Link className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" to="/registreren">
            {t('nav.register')}
          </Link>
        </div>
        <p className="utrecht-paragraph plein-hint">{t('invitation.comeBack')}</p>
      </Page>
    );
  }

  const accept = () =>
    void act(async () => {
      const data = await request(AcceptGroupInvitationMutation, { input: { token } });
      const group = data.acceptGroupInvitation.group;
      setAccepted(true);
      announce(t('invitation.accepted', { name: group.name }), `/werkgroepen/${group.id}`);
      navigate(`/werkgroepen/${group.id}`);
    });

  return (
    <Page title={title}>
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t('invitation.intro')}</p>
      {me.emailVerified === false && <Alert kind="warning">{t('invitation.unconfirmed')}</Alert>}
      <p className="utrecht-paragraph">{t('invitation.signedIn', { name: me.displayName })}</p>
      <Button disabled={busy || accepted} onClick={accept}>
        {t('invitation.accept')}
      </Button>
      {problem && <Alert kind="error">{problem}</Alert>}
    </Page>
  );
}
