import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Route, RouterProvider, createBrowserRouter, createRoutesFromElements } from 'react-router-dom';
import '@utrecht/design-tokens/dist/index.css';
import '@utrecht/component-library-css/dist/index.css';
import './styles.css';
import { Layout } from './components/Layout';
import { I18nProvider } from './i18n';
import { AdminAreasPage } from './pages/AdminAreasPage';
import { AuditLogPage } from './pages/AuditLogPage';
import { BudgetAssessPage } from './budget/BudgetAssessPage';
import { BudgetBallotPage } from './budget/BudgetBallotPage';
import { BudgetPaperPage } from './budget/BudgetPaperPage';
import { BudgetResultPage } from './budget/BudgetResultPage';
import { BudgetRoundPage } from './budget/BudgetRoundPage';
import { BudgetProjectPage } from './budget/BudgetProjectPage';
import { BudgetRoundsPage } from './budget/BudgetRoundsPage';
import { BudgetImportPage } from './budget/BudgetImportPage';
import { BudgetNewRoundPage } from './budget/BudgetNewRoundPage';
import { BudgetSubmitPage } from './budget/BudgetSubmitPage';
import { GroupFormPage } from './pages/GroupFormPage';
import { GroupInvitationPage } from './pages/GroupInvitationPage';
import { GroupPage } from './pages/GroupPage';
import { GroupsPage } from './pages/GroupsPage';
import { HomePage } from './pages/HomePage';
import { IdeaFormPage } from './pages/IdeaFormPage';
import { IdeaPage } from './pages/IdeaPage';
import { MailRequestPage } from './pages/MailRequestPage';
import { MeetingFormPage } from './pages/MeetingFormPage';
import { MandatesPage } from './pages/MandatesPage';
import { ModerationPage } from './pages/ModerationPage';
import { MyTasksPage } from './pages/MyTasksPage';
import { PlanFormPage } from './pages/PlanFormPage';
import { PlanPage } from './pages/PlanPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { StatementPage } from './pages/StatementPage';
import { ProfilePage } from './pages/ProfilePage';
import { NotificationsPage } from './pages/NotificationsPage';
import { RegisterPage } from './pages/RegisterPage';
import { SearchPage } from './pages/SearchPage';
import { SignInPage } from './pages/SignInPage';
import { TaskFormPage } from './pages/TaskFormPage';
import { SessionProvider } from './session';
import { StatusProvider } from './status';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');

// A data router, so pages can hold navigation while a form has unsent text (useBlocker).
const router = createBrowserRouter(
  createRoutesFromElements(
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="gebied/:slug" element={<HomePage />} />
        <Route path="registreren" element={<RegisterPage />} />
        <Route path="inloggen" element={<SignInPage />} />
        <Route path="inloggen/link" element={<MailRequestPage kind="signInLink" />} />
        <Route path="wachtwoord-vergeten" element={<MailRequestPage kind="passwordReset" />} />
        <Route path="ideeen/nieuw" element={<IdeaFormPage />} />
        <Route path="ideeen/:id" element={<IdeaPage />} />
        <Route path="ideeen/:id/bewerken" element={<IdeaFormPage />} />
        <Route path="plannen/nieuw" element={<PlanFormPage />} />
        <Route path="plannen/:id" element={<PlanPage />} />
        <Route path="werkgroepen" element={<GroupsPage />} />
        <Route path="werkgroepen/nieuw" element={<GroupFormPage />} />
        <Route path="werkgroepen/uitnodiging" element={<GroupInvitationPage />} />
        <Route path="werkgroepen/:id" element={<GroupPage />} />
        <Route path="werkgroepen/:id/bewerken" element={<GroupFormPage />} />
        <Route path="werkgroepen/:id/taken/:taskId/bewerken" element={<TaskFormPage />} />
        <Route path="werkgroepen/:id/bijeenkomsten/:meetingId/bewerken" element={<MeetingFormPage />} />
        <Route path="taken" element={<MyTasksPage />} />
        <Route path="profiel" element={<ProfilePage />} />
        <Route path="machtigingen" element={<MandatesPage />} />
        <Route path="meldingen" element={<NotificationsPage />} />
        <Route path="zoeken" element={<SearchPage />} />
        <Route path="begroting" element={<BudgetRoundsPage />} />
        <Route path="begroting/:id" element={<BudgetRoundPage />} />
        <Route path="begroting/projecten/:id" element={<BudgetProjectPage />} />
        <Route path="begroting/:id/stemmen" element={<BudgetBallotPage />} />
        <Route path="begroting/:id/uitslag" element={<BudgetResultPage />} />
        <Route path="begroting/:id/beoordelen" element={<BudgetAssessPage />} />
        <Route path="begroting/:id/papier" element={<BudgetPaperPage />} />
        <Route path="begroting/nieuw" element={<BudgetNewRoundPage />} />
        <Route path="begroting/importeren" element={<BudgetImportPage />} />
        <Route path="begroting/:id/indienen" element={<BudgetSubmitPage />} />
        <Route path="beheer/gebieden" element={<AdminAreasPage />} />
        <Route path="beheer/meldingen" element={<ModerationPage />} />
        <Route path="beheer/logboek" element={<AuditLogPage />} />
        <Route path="toegankelijkheid" element={<StatementPage kind="accessibility" />} />
        <Route path="privacy" element={<StatementPage kind="privacy" />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
  ),
);

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <StatusProvider>
          <RouterProvider router={router} />
        </StatusProvider>
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
