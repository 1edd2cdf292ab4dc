// Every page, in Dutch and in English: axe-core's WCAG 2.1 A and AA rules
// find nothing, and at 320 px wide nothing needs horizontal scrolling.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, axeViolations, createAreas, makeProfessional, registerResident, screenshot, signInAs, start } from './harness.mjs';

let app;
const RESIDENT = { email: 'jan@plein.test', password: 'jan-zijn-wachtwoord', displayName: 'Jan' };

const MIRA = { email: 'mira@plein.test', password: 'mira-haar-wachtwoord', displayName: 'Mira' };
const PRO = { email: 'pro@gemeente.test', password: 'pro-zijn-wachtwoord', displayName: 'Sanne' };
const ids = {};

before(async () => {
  app = await start();
  const admin = await app.context();
  await signInAs(app, admin, ADMIN.email, ADMIN.password);
  const areas = await createAreas(app, admin);
  const resident = await app.context();
  await app.graphql(
    resident,
    'mutation($input: RegisterInput!) { register(input: $input) { user { id } } }',
    { input: RESIDENT },
  );
  await resident.close();

  // A confirmed resident with a published idea, a draft, and a thread with a reply.
  const mira = await app.context();
  await registerResident(app, mira, MIRA);
  const idea = await app.graphql(
    mira,
    'mutation($input: CreateIdeaInput!) { createIdea(input: $input) { idea { id } } }',
    { input: { title: 'Meer groen op het Havenplein', body: 'Bomen, **struiken** en een [moestuin](https://example.org).', tags: ['groen', 'spelen'], areaId: areas.neighbourhood } },
  );
  ids.idea = idea.createIdea.idea.id;
  await app.graphql(mira, 'mutation($id: ID!) { publishIdea(input: { id: $id }) { idea { id } } }', { id: ids.idea });
  const draft = await app.graphql(
    mira,
    'mutation($input: CreateIdeaInput!) { createIdea(input: $input) { idea { id } } }',
    { input: { title: 'Een bankje', body: 'Nog een concept.', areaId: areas.district } },
  );
  ids.draft = draft.createIdea.idea.id;
  const post = 'mutation($input: PostCommentInput!) { postComment(input: $input) { comment { id } } }';
  const first = await app.graphql(mira, post, { input: { subjectKind: 'IDEA', subjectId: ids.idea, body: 'Wie doet mee?' } });

  // A professional reviews it, answers officially and runs two plans.
  const pro = await app.context();
  const proId = await registerResident(app, pro, PRO);
  await makeProfessional(app, admin, proId, 'Gemeente Amstelveld');
  await app.graphql(
    pro,
    'mutation($input: SetIdeaStatusInput!) { setIdeaStatus(input: $input) { idea { id } } }',
    { input: { id: ids.idea, status: 'UNDER_REVIEW', reason: 'We bekijken het met de buurt.' } },
  );
  await app.graphql(pro, post, {
    input: { subjectKind: 'IDEA', subjectId: ids.idea, parentId: first.postComment.comment.id, body: 'We komen langs.', official: true },
  });
  const createPlan = 'mutation($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } } }';
  const now = Date.now();
  const open = await app.graphql(pro, createPlan, {
    input: {
      title: 'Herinrichting Havenplein',
      description: 'We maken het plein *groener*.',
      areaId: areas.district,
      feedbackOpensAt: new Date(now - 60_000).toISOString(),
      feedbackClosesAt: new Date(now + 3 * 24 * 3600_000).toISOString(),
      questions: ['Wat vind je van meer bomen?', 'Waar wil je zitten?'],
    },
  });
  ids.plan = open.createPlan.plan.id;
  const status = 'mutation($input: SetPlanStatusInput!) { setPlanStatus(input: $input) { plan { id } } }';
  await app.graphql(pro, status, { input: { id: ids.plan, status: 'CONSULTING' } });
  await app.graphql(pro, 'mutation($input: LinkIdeaToPlanInput!) { linkIdeaToPlan(input: $input) { plan { id } } }', {
    input: { planId: ids.plan, ideaId: ids.idea },
  });
  await app.graphql(mira, post, { input: { subjectKind: 'PLAN', subjectId: ids.plan, body: 'Graag meer bankjes.' } });
  const done = await app.graphql(pro, createPlan, {
    input: {
      title: 'Nieuwe fietsenstalling',
      description: 'Bij het station.',
      areaId: areas.neighbourhood,
      feedbackOpensAt: new Date(now - 60_000).toISOString(),
      feedbackClosesAt: new Date(now + 1000).toISOString(),
    },
  });
  ids.donePlan = done.createPlan.plan.id;
  await app.graphql(pro, status, { input: { id: ids.donePlan, status: 'CONSULTING' } });
  await new Promise((r) => setTimeout(r, 1200));
  await app.graphql(pro, 'mutation($input: RespondToPlanInput!) { respondToPlan(input: $input) { plan { id } } }', {
    input: { planId: ids.donePlan, response: 'We bouwen **200** plekken.' },
  });
  // Indexing runs in the background: wait until search finds the idea and both plans.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const data = await app.graphql(admin, 'query { search(query: "") { estimatedTotal } }');
    if (data.search.estimatedTotal >= 3) break;
    if (Date.now() > deadline) throw new Error(`search index holds ${data.search.estimatedTotal} of 3 items`);
    await new Promise((r) => setTimeout(r, 200));
  }

  // A working group Mira coordinates, with a request to join, an invitation,
  // a task, a meeting, a proposal and a linked idea.
  const group = await app.graphql(
    mira,
    'mutation($input: CreateGroupInput!) { createGroup(input: $input) { group { id } } }',
    { input: { name: 'Groen Havenplein', purpose: 'Meer **groen** op het plein.', areaId: areas.neighbourhood, visibility: 'PUBLIC', joinPolicy: 'REQUEST' } },
  );
  ids.group = group.createGroup.group.id;
  await app.graphql(pro, 'mutation($input: JoinGroupInput!) { joinGroup(input: $input) { group { id } } }', {
    input: { groupId: ids.group, message: 'Ik help graag.' },
  });
  await app.graphql(mira, 'mutation($input: InviteToGroupInput!) { inviteToGroup(input: $input) { invitation { id } } }', {
    input: { groupId: ids.group, email: 'buur@plein.test' },
  });
  await app.graphql(mira, 'mutation($input: SetGroupLinkInput!) { setGroupLink(input: $input) { group { id } } }', {
    input: { groupId: ids.group, subjectKind: 'IDEA', subjectId: ids.idea, linked: true },
  });
  const me = await app.graphql(mira, '{ me { id } }');
  const task = await app.graphql(mira, 'mutation($input: SaveTaskInput!) { saveTask(input: $input) { task { id } } }', {
    input: { groupId: ids.group, title: 'Bomen uitzoeken', assigneeId: me.me.id, dueOn: new Date(now + 7 * 24 * 3600_000).toISOString().slice(0, 10) },
  });
  ids.task = task.saveTask.task.id;
  const meeting = await app.graphql(mira, 'mutation($input: SaveMeetingInput!) { saveMeeting(input: $input) { meeting { id } } }', {
    input: {
      groupId: ids.group,
      title: 'Eerste overleg',
      startsAt: new Date(now + 3 * 24 * 3600_000).toISOString(),
      endsAt: new Date(now + 3 * 24 * 3600_000 + 5400_000).toISOString(),
      place: 'Buurthuis',
      onlineUrl: 'https://example.org/overleg',
      agenda: '1. Kennismaken',
    },
  });
  ids.meeting = meeting.saveMeeting.meeting.id;
  await app.graphql(mira, 'mutation($input: OpenDecisionInput!) { openDecision(input: $input) { decision { id } } }', {
    input: { groupId: ids.group, title: 'Drie bomen', proposal: 'We vragen **drie** bomen aan.', closesAt: new Date(now + 5 * 24 * 3600_000).toISOString() },
  });
  await Promise.all([admin.close(), mira.close(), pro.close()]);
});
after(async () => {
  await app?.stop();
});

// Each page: where it is, who looks at it, and what to do before checking it.
const PAGES = [
  { name: 'home-empty', path: '/', who: null, ready: 'form' },
  { name: 'home-area', path: '/gebied/centrum', who: null, ready: '.plein-card' },
  {
    name: 'home-area-plans',
    path: '/gebied/gemeente-amstelveld',
    who: MIRA,
    ready: '.plein-card',
    act: async (page) => {
      await page.locator('#feed-kind').selectOption('plans');
      await page.locator('.plein-filters button[type=submit]').click();
      await page.locator('.plein-card a[href^="/plannen/"]').first().waitFor();
    },
  },
  { name: 'idea', path: () => `/ideeen/${ids.idea}`, who: null, ready: '.plein-thread' },
  { name: 'idea-resident', path: () => `/ideeen/${ids.idea}`, who: RESIDENT, ready: '.plein-thread' },
  { name: 'idea-author', path: () => `/ideeen/${ids.idea}`, who: MIRA, ready: '#new-comment' },
  {
    name: 'idea-reply',
    path: () => `/ideeen/${ids.idea}`,
    who: MIRA,
    ready: '#new-comment',
    act: async (page) => {
      await page.locator('.plein-comment .plein-actions button', { hasText: /Reageren|Reply/ }).first().click();
      await page.locator('.plein-comment-form textarea').first().waitFor();
    },
  },
  { name: 'idea-professional', path: () => `/ideeen/${ids.idea}`, who: PRO, ready: '#status-form-heading' },
  { name: 'idea-draft', path: () => `/ideeen/${ids.draft}`, who: MIRA, ready: '#author-heading' },
  { name: 'idea-missing', path: '/ideeen/00000000-0000-0000-0000-000000000000', who: null, ready: '.utrecht-alert' },
  { name: 'idea-new', path: '/ideeen/nieuw', who: MIRA, ready: 'form' },
  {
    name: 'idea-new-errors',
    path: '/ideeen/nieuw',
    who: MIRA,
    ready: 'form',
    act: async (page) => {
      await page.locator('main form button[type=submit]').click();
      await page.locator('#title-error').waitFor();
    },
  },
  {
    name: 'idea-new-similar',
    path: '/ideeen/nieuw',
    who: MIRA,
    ready: 'form',
    act: async (page) => {
      await page.locator('#title').fill('Groen op het Havenplein');
      await page.locator('#similar-heading').waitFor();
    },
  },
  { name: 'idea-edit', path: () => `/ideeen/${ids.draft}/bewerken`, who: MIRA, ready: 'form' },
  { name: 'plan-open', path: () => `/plannen/${ids.plan}`, who: MIRA, ready: '.plein-thread' },
  { name: 'plan-manager', path: () => `/plannen/${ids.plan}`, who: PRO, ready: '#manage-heading' },
  { name: 'plan-responded', path: () => `/plannen/${ids.donePlan}`, who: null, ready: '#response-heading' },
  { name: 'plan-respond-form', path: () => `/plannen/${ids.donePlan}`, who: PRO, ready: '#response' },
  { name: 'plan-new', path: '/plannen/nieuw', who: PRO, ready: 'form' },
  { name: 'plan-new-forbidden', path: '/plannen/nieuw', who: MIRA, ready: '.utrecht-alert' },
  { name: 'sign-in-link', path: '/inloggen/link', who: null, ready: 'form' },
  {
    name: 'sign-in-link-sent',
    path: '/inloggen/link',
    who: null,
    ready: 'form',
    act: async (page) => {
      await page.locator('#email').fill('iemand@plein.test');
      await page.locator('main form button[type=submit]').click();
      await page.locator('.utrecht-alert--ok').waitFor();
    },
  },
  { name: 'password-reset', path: '/wachtwoord-vergeten', who: null, ready: 'form' },
  { name: 'register', path: '/registreren', who: null, ready: 'form' },
  {
    name: 'register-errors',
    path: '/registreren',
    who: null,
    ready: 'form',
    act: async (page) => {
      await page.locator('main button[type=submit]').click();
      await page.locator('#displayName-error').waitFor();
    },
  },
  { name: 'sign-in', path: '/inloggen', who: null, ready: 'form' },
  {
    name: 'sign-in-error',
    path: '/inloggen',
    who: null,
    ready: 'form',
    act: async (page) => {
      await page.locator('#email').fill('niemand@plein.test');
      await page.locator('#password').fill('niet-het-goede');
      await page.locator('main button[type=submit]').click();
      await page.locator('.utrecht-alert--error').waitFor();
    },
  },
  { name: 'profile', path: '/profiel', who: RESIDENT, ready: '#sessions-heading' },
  { name: 'profile-signed-out', path: '/profiel', who: null, ready: '.utrecht-alert' },
  { name: 'mandates', path: '/machtigingen', who: RESIDENT, ready: '#received-heading' },
  { name: 'mandates-signed-out', path: '/machtigingen', who: null, ready: 'main .utrecht-alert' },
  { name: 'admin-areas', path: '/beheer/gebieden', who: ADMIN, ready: '.plein-tree' },
  { name: 'admin-areas-forbidden', path: '/beheer/gebieden', who: RESIDENT, ready: '.utrecht-alert' },
  { name: 'moderation', path: '/beheer/meldingen', who: ADMIN, ready: '#reports-heading' },
  { name: 'moderation-forbidden', path: '/beheer/meldingen', who: RESIDENT, ready: 'main .utrecht-alert' },
  { name: 'audit-log', path: '/beheer/logboek', who: ADMIN, ready: '.plein-audit-entry' },
  { name: 'audit-log-forbidden', path: '/beheer/logboek', who: RESIDENT, ready: 'main .utrecht-alert' },
  {
    name: 'idea-report-form',
    path: () => `/ideeen/${ids.idea}`,
    who: PRO,
    ready: '.plein-thread',
    act: async (page) => {
      await page.locator('main .plein-report > button').first().click();
      await page.locator('main form[id^="report-idea-"] textarea').waitFor();
    },
  },
  { name: 'search', path: '/zoeken?q=havenplien', who: null, ready: '.plein-result' },
  { name: 'search-all', path: '/zoeken', who: RESIDENT, ready: '.plein-facet' },
  {
    name: 'search-filtered',
    path: '/zoeken?q=groen',
    who: null,
    ready: '.plein-result',
    act: async (page) => {
      // Results (and their facets) may still be arriving; let them settle first.
      await page.waitForLoadState('networkidle');
      const box = page.locator('input[name=soort]').first();
      for (let attempt = 1; ; attempt += 1) {
        try {
          await box.check({ timeout: 5_000 });
          break;
        } catch (error) {
          if (attempt === 3) throw error;
          await page.waitForLoadState('networkidle');
        }
      }
      await page.waitForURL((url) => url.searchParams.has('soort'));
      await page.waitForLoadState('networkidle');
    },
  },
  { name: 'search-empty', path: '/zoeken?q=qwxzvbnm', who: null, ready: '.plein-placeholder' },
  { name: 'groups', path: '/werkgroepen', who: null, ready: '.plein-card' },
  { name: 'groups-signed-in', path: '/werkgroepen', who: MIRA, ready: '.plein-card' },
  { name: 'group', path: () => `/werkgroepen/${ids.group}`, who: null, ready: '.plein-meeting' },
  { name: 'group-requested', path: () => `/werkgroepen/${ids.group}`, who: PRO, ready: '.plein-meeting' },
  { name: 'group-coordinator', path: () => `/werkgroepen/${ids.group}`, who: MIRA, ready: '#coordination-heading' },
  { name: 'group-missing', path: '/werkgroepen/00000000-0000-0000-0000-000000000000', who: null, ready: 'h1' },
  { name: 'group-new', path: '/werkgroepen/nieuw', who: MIRA, ready: 'form' },
  {
    name: 'group-new-errors',
    path: '/werkgroepen/nieuw',
    who: MIRA,
    ready: 'form',
    act: async (page) => {
      await page.locator('main form button[type=submit]').click();
      await page.locator('#name-error').waitFor();
    },
  },
  { name: 'group-edit', path: () => `/werkgroepen/${ids.group}/bewerken`, who: MIRA, ready: 'main form' },
  { name: 'group-edit-forbidden', path: () => `/werkgroepen/${ids.group}/bewerken`, who: RESIDENT, ready: 'main .utrecht-alert' },
  { name: 'task-edit', path: () => `/werkgroepen/${ids.group}/taken/${ids.task}/bewerken`, who: MIRA, ready: 'main form' },
  { name: 'meeting-edit', path: () => `/werkgroepen/${ids.group}/bijeenkomsten/${ids.meeting}/bewerken`, who: MIRA, ready: 'main form' },
  {
    name: 'meeting-edit-errors',
    path: () => `/werkgroepen/${ids.group}/bijeenkomsten/${ids.meeting}/bewerken`,
    who: MIRA,
    ready: 'main form',
    act: async (page) => {
      await page.waitForFunction(() => document.querySelector('#start')?.value !== '');
      await page.locator('#end').fill(await page.locator('#start').inputValue());
      await page.locator('main form button[type=submit]').click();
      await page.locator('#end-error').waitFor();
    },
  },
  { name: 'group-invitation', path: '/werkgroepen/uitnodiging?token=abc', who: null, ready: 'main .utrecht-button-link' },
  { name: 'my-tasks', path: '/taken', who: MIRA, ready: '.plein-card' },
  { name: 'not-found', path: '/bestaat-niet', who: null, ready: 'h1' },
];

async function open(locale, width, spec) {
  const context = await app.context({ locale, width, height: 800 });
  if (spec.who) await signInAs(app, context, spec.who.email, spec.who.password);
  const page = await context.newPage();
  await page.goto(typeof spec.path === 'function' ? spec.path() : spec.path);
  await page.locator(spec.ready).first().waitFor();
  // Wait for the session and data to settle before judging the page.
  await page.waitForLoadState('networkidle');
  if (spec.act) await spec.act(page);
  return { context, page };
}

for (const locale of ['nl', 'en']) {
  test(`axe finds no WCAG 2.1 A/AA violations on any page (${locale})`, async () => {
    const failures = [];
    for (const spec of PAGES) {
      const { context, page } = await open(locale, 1280, spec);
      assert.equal(await page.getAttribute('html', 'lang'), locale, `${spec.name}: html lang`);
      const violations = await axeViolations(page);
      if (violations.length > 0) failures.push(`${spec.name}:\n  ${violations.join('\n  ')}`);
      await screenshot(page, `${spec.name}-${locale}`);
      await context.close();
    }
    assert.deepEqual(failures, []);
  });

  test(`nothing overflows horizontally at 320 px wide (${locale})`, async () => {
    const failures = [];
    for (const spec of PAGES) {
      const { context, page } = await open(locale, 320, spec);
      const { scrollWidth, innerWidth, culprits } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        culprits: [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
      }));
      if (scrollWidth > innerWidth) {
        failures.push(`${spec.name}: ${scrollWidth}px wide (${culprits.join(', ')})`);
      }
      await screenshot(page, `${spec.name}-${locale}-320`);
      await context.close();
    }
    assert.deepEqual(failures, []);
  });
}
