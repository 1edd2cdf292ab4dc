import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { request } from '../api/client';
import {
  ResendVerificationMutation,
  SignOutMutation,
  UnreadNotificationCountQuery,
  UpdateProfileMutation,
} from '../api/operations';
import { onUnreadChanged } from '../pages/unread';
import { errorMessage } from '../api/errors';
import { ApiRequestError } from '../api/client';
import { useI18n } from '../i18n';
import type { Locale } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';
import { UnsentGuard } from './UnsentGuard';

function navClass({ isActive }: { isActive: boolean }): string {
  return `utrecht-link utrecht-link--html-a plein-nav__link${isActive ? ' plein-nav__link--current' : ''}`;
}

function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  const { me, refresh } = useSession();
  const other: Locale = locale === 'nl' ? 'en' : 'nl';
  const choose = () => {
    setLocale(other);
    // Signed in, the choice also becomes the account's language (for mail too).
    if (me) {
      request(UpdateProfileMutation, { input: { locale: other === 'nl' ? 'NL' : 'EN' } }).then(
        () => refresh(),
        () => undefined,
      );
    }
  };
  return (
    <button
      type="button"
      className="utrecht-button utrecht-button--subtle-action plein-language"
      lang={other}
      onClick={choose}
    >
      {t('language.other')}
    </button>
  );
}

function SignOutButton() {
  const { t } = useI18n();
  const { refresh } = useSession();
  const { announce } = useStatus();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="utrecht-button utrecht-button--secondary-action"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await request(SignOutMutation);
        } catch {
          // Signed out already, or the server is away: forget the session either way.
        }
        await refresh();
        setBusy(false);
        announce(t('signOut.done'), '/');
        navigate('/');
      }}
    >
      {t('nav.signOut')}
    </button>
  );
}

/** The search box on every page but the search page itself, which has its own. */
function HeaderSearch() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  return (
    <form
      role="search"
      className="plein-header-search"
      onSubmit={(event) => {
        event.preventDefault();
        const query = text.trim();
        setText('');
        navigate(query ? `/zoeken?${new URLSearchParams({ q: query })}` : '/zoeken');
      }}
    >
      <label className="plein-visually-hidden" htmlFor="header-search">
        {t('nav.search.label')}
      </label>
      <input
        id="header-search"
        type="search"
        name="q"
        className="utrecht-textbox utrecht-textbox--html-input"
        value={text}
        onChange={(event) => setText(event.target.value)}
        maxLength={1000}
        autoComplete="off"
      />
      <button type="submit" className="utrecht-button utrecht-button--secondary-action">
        {t('nav.search.submit')}
      </button>
    </form>
  );
}

/** Unconfirmed accounts can read but not post; this says so and offers a new link. */
function VerifyBanner() {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'busy' | 'sent'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div className="utrecht-alert utrecht-alert--warning plein-verify" role="region" aria-label={t('verify.label')}>
      <div className="utrecht-alert__content">
        <p className="utrecht-paragraph">{t('verify.text')}</p>
        <button
          type="button"
          className="utrecht-button utrecht-button--secondary-action"
          disabled={state === 'busy'}
          onClick={async () => {
            setState('busy');
            setProblem(null);
            try {
              await request(ResendVerificationMutation);
              setState('sent');
            } catch (err) {
              setState('idle');
              setProblem(err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL'));
            }
          }}
        >
          {t('verify.resend')}
        </button>
        <p className="utrecht-paragraph" role="status" aria-live="polite">
          {state === 'sent' ? t('verify.sent') : (problem ?? '')}
        </p>
      </div>
    </div>
  );
}

/** How many notifications are unread, fetched again on every navigation. */
function useUnreadCount(signedIn: boolean, path: string): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!signedIn) {
      setCount(0);
      return;
    }
    let live = true;
    const load = () =>
      request(UnreadNotificationCountQuery).then(
        (data) => live && setCount(data.unreadNotificationCount),
        () => undefined,
      );
    void load();
    const stop = onUnreadChanged(() => void load());
    return () => {
      live = false;
      stop();
    };
  }, [signedIn, path]);
  return count;
}

export function Layout() {
  const { t } = useI18n();
  const { me } = useSession();
  const { message, path, clear, focus } = useStatus();
  const location = useLocation();
  const statusBox = useRef<HTMLDivElement>(null);
  // After an action whose button went away (publishing), focus lands on what happened.
  useEffect(() => {
    if (focus > 0) statusBox.current?.focus();
  }, [focus]);
  const first = useRef(true);
  const unread = useUnreadCount(!!me, location.pathname);

  // After every navigation (not the first load), start at the new page's heading.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('page-heading')?.focus();
  }, [location.pathname]);

  // A status message belongs to one page; arriving anywhere else ends it.
  // (Only on navigation: a message may be announced just before it.)
  const statusPath = useRef(path);
  statusPath.current = path;
  useEffect(() => {
    if (statusPath.current !== null && statusPath.current !== location.pathname) clear();
  }, [location.pathname, clear]);

  return (
    <div className="plein-page">
      <UnsentGuard />
      <a className="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main">
        {t('nav.skipToContent')}
      </a>
      <header className="utrecht-page-header plein-header">
        <div className="plein-header__content">
          <Link to="/" className="plein-logo">
            {t('app.name')}
            <span className="plein-logo__tagline">{t('app.tagline')}</span>
          </Link>
          {location.pathname !== '/zoeken' && <HeaderSearch />}
          <div className="plein-header__tools">
            {me && (
              <p className="plein-header__who">{t('nav.signedInAs', { name: me.displayName })}</p>
            )}
            <LanguageSwitch />
            {me ? <SignOutButton /> : null}
          </div>
        </div>
        <nav className="plein-nav" aria-label={t('nav.label')}>
          <ul className="plein-nav__list">
            <li>
              <NavLink to="/" end className={navClass}>
                {t('nav.home')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/werkgroepen" className={navClass}>
                {t('nav.groups')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/begroting" className={navClass}>
                {t('nav.budget')}
              </NavLink>
            </li>
            {me ? (
              <>
                <li>
                  <NavLink to="/meldingen" className={navClass}>
                    {t('nav.notifications')}
                    {unread > 0 && (
                      <span className="plein-count">
                        {unread}
                        <span className="plein-visually-hidden"> {t('nav.unread')}</span>
                      </span>
                    )}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/machtigingen" className={navClass}>
                    {t('nav.mandates')}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/profiel" className={navClass}>
                    {t('nav.profile')}
                  </NavLink>
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavLink to="/inloggen" className={navClass}>
                    {t('nav.signIn')}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/registreren" className={navClass}>
                    {t('nav.register')}
                  </NavLink>
                </li>
              </>
            )}
            {me && (
              <li>
                <NavLink to="/ideeen/nieuw" className={navClass}>
                  {t('nav.newIdea')}
                </NavLink>
              </li>
            )}
            {(me?.role === 'PROFESSIONAL' || me?.role === 'ADMIN') && (
              <li>
                <NavLink to="/plannen/nieuw" className={navClass}>
                  {t('nav.newPlan')}
                </NavLink>
              </li>
            )}
            {me?.role === 'ADMIN' && (
              <li>
                <NavLink to="/beheer/gebieden" className={navClass}>
                  {t('nav.adminAreas')}
                </NavLink>
              </li>
            )}
            {(me?.role === 'MODERATOR' || me?.role === 'ADMIN') && (
              <li>
                <NavLink to="/beheer/meldingen" className={navClass}>
                  {t('nav.moderation')}
                </NavLink>
              </li>
            )}
            {me?.role === 'ADMIN' && (
              <li>
                <NavLink to="/beheer/logboek" className={navClass}>
                  {t('nav.auditLog')}
                </NavLink>
              </li>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="utrecht-page-content plein-main">
        {me && me.emailVerified === false && <VerifyBanner />}
        <div className="plein-status" role="status" aria-live="polite">
          {message && (
            <div className="utrecht-alert utrecht-alert--ok" ref={statusBox} tabIndex={-1}>
              <div className="utrecht-alert__content">
                <p className="utrecht-alert__message utrecht-paragraph">{message}</p>
              </div>
            </div>
          )}
        </div>
        <Outlet />
      </main>
      <footer className="utrecht-page-footer plein-footer">
        <div className="utrecht-page-footer__content">
          <p className="utrecht-paragraph">{t('footer.about')}</p>
          <p className="utrecht-paragraph">
            {t('footer.licence')}{' '}
            <a className="utrecht-link utrecht-link--html-a" href="/graphiql">
              {t('footer.api')}
            </a>
          </p>
          <ul className="plein-footer__links">
            <li>
              <Link className="utrecht-link utrecht-link--html-a" to="/toegankelijkheid">
                {t('footer.accessibility')}
              </Link>
            </li>
            <li>
              <Link className="utrecht-link utrecht-link--html-a" to="/privacy">
                {t('footer.privacy')}
              </Link>
            </li>
          </ul>
        </div>
      </footer>
    </div>
  );
}
