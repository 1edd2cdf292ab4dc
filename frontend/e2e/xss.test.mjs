// Cross-site scripting: every payload of xss-corpus.mjs goes through every
// text field people can fill (through the API), including the name and place a
// professional takes down for a resident without an account, and every page
// that shows those fields is rendered in Chromium. Nothing may run: the
// payloads call `__xss(id)` (a binding that records the call), `alert` or
// `confirm`, and none of those may happen. Because the server's
// Content-Security-Policy already blocks inline script, the rendered DOM is
// also checked: no event handler attributes, no script-like elements, no
// `javascript:`/`data:` links anywhere in the app, and no forms or controls
// made from user text.
//
// Fields that validate their input may refuse a payload (BAD_USER_INPUT):
// each refusal is recorded, the object is made without that value, and a
// table of stored and refused payloads per field is printed.
//
// The server limits registrations and content writes per person and per
// client address, so each payload gets its own two accounts, and each
// browser context its own client address (the test server trusts
// X-Forwarded-For).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, confirmEmail, createAreas, screenshot, signInAs, start } from './harness.mjs';
import { CORPUS, TAG_PAYLOADS, URL_PAYLOADS } from './xss-corpus.mjs';

process.env.PLEIN_TRUST_PROXY = 'true';

let app;
let areas;
let admin;
const PASSWORD = 'xss-wachtwoord-123';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** What went wrong in the browser, wherever it happened. */
const fired = [];
const dialogs = [];
const violations = [];
const pageErrors = [];
const structural = [];
/** field -> { stored: [payload ids], refused: [payload ids] } */
const fields = new Map();
/** What each visit showed as text. */
const shown = { checked: 0, visible: 0, missing: [] };
let visits = 0;

function note(field, id, stored) {
  if (!fields.has(field)) fields.set(field, { stored: [], refused: [] });
  fields.get(field)[stored ? 'stored' : 'refused'].push(id);
}

/** The BAD_USER_INPUT error's field, or null when the error is something else. */
function refusedField(error) {
  let errors;
  try {
    errors = JSON.parse(error.message);
  } catch {
    return null;
  }
  const bad = errors.find((e) => e.extensions?.code === 'BAD_USER_INPUT');
  return bad ? bad.extensions.field ?? '?' : null;
}

async function pool(items, size, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await fn(items[index], index);
    }
  });
  await Promise.all(workers);
}

let clients = 0;
/** A browser context with its own client address, armed to notice any payload running. */
async function newContext(options = {}) {
  clients += 1;
  const context = await app.browser.newContext({
    baseURL: app.baseURL,
    viewport: { width: 1280, height: 900 },
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    extraHTTPHeaders: { 'X-Forwarded-For': `10.77.${clients >> 8}.${clients & 255}` },
    ...options,
  });
  await context.exposeBinding('__xss', ({ page }, id) => {
    fired.push(`${id} on ${page?.url()}`);
  });
  await context.exposeBinding('__xssViolation', ({ page }, v) => {
    violations.push({ ...v, url: page?.url() });
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__xssViolation({
        directive: e.violatedDirective,
        blocked: e.blockedURI,
        sample: e.sample,
        source: `${e.sourceFile}:${e.lineNumber}`,
      });
    });
  });
  context.on('page', (page) => {
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()} "${dialog.message()}" on ${page.url()}`);
      void dialog.dismiss().catch(() => undefined);
    });
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) {
        violations.push({ console: message.text(), url: page.url() });
      }
    });
  });
  return context;
}

const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { user { id displayName } } }';

/** A confirmed resident whose display name is the payload, if the server takes it. */
async function person(key, payload, { record = true } = {}) {
  const context = await newContext();
  const email = `${key}@plein.test`;
  let user;
  try {
    user = (await app.graphql(context, REGISTER, { input: { email, password: PASSWORD, displayName: payload.text } })).register.user;
    if (record) note('display name (register)', payload.id, true);
  } catch (error) {
    if (!refusedField(error)) throw error;
    if (record) note('display name (register)', payload.id, false);
    user = (await app.graphql(context, REGISTER, { input: { email, password: PASSWORD, displayName: `Bewoner ${key}` } })).register.user;
  }
  await confirmEmail(app, context, email);
  return { context, email, id: user.id, name: user.displayName };
}

/**
 * Runs a mutation with payload values in some input fields; when the server
 * refuses one, records it, drops or replaces that value and tries again.
 * `values` maps input field -> [payload text, fallback or undefined to leave out, label,
 * and the payload's id when it is not `payloadId`].
 */
async function attempt(context, mutation, base, values, payloadId) {
  const input = { ...base };
  for (const [key, [value]] of Object.entries(values)) input[key] = value;
  const refused = new Set();
  for (;;) {
    try {
      const data = await app.graphql(context, mutation, { input });
      for (const [key, [, , label, own]] of Object.entries(values)) note(label, own ?? payloadId, !refused.has(key));
      return data;
    } catch (error) {
      const field = refusedField(error);
      // The field named in the error, or the first payload field not yet replaced.
      const key = Object.keys(values).find((k) => k === field && !refused.has(k))
        ?? (field ? Object.keys(values).find((k) => !refused.has(k) && field.toLowerCase().includes(k.toLowerCase())) : undefined);
      if (!key) throw error;
      refused.add(key);
      const fallback = values[key][1];
      if (fallback === undefined) delete input[key];
      else input[key] = fallback;
    }
  }
}

const Q = {
  createArea: 'mutation($input: CreateAreaInput!) { createArea(input: $input) { area { id name slug } } }',
  setRole: 'mutation($input: SetUserRoleInput!) { setUserRole(input: $input) { user { id } } }',
  updateProfile: 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id displayName } } }',
  createIdea: 'mutation($input: CreateIdeaInput!) { createIdea(input: $input) { idea { id title tags } } }',
  publish: 'mutation($input: PublishIdeaInput!) { publishIdea(input: $input) { idea { id } } }',
  follow: 'mutation($input: FollowInput!) { follow(input: $input) { following } }',
  comment: 'mutation($input: PostCommentInput!) { postComment(input: $input) { comment { id } } }',
  status: 'mutation($input: SetIdeaStatusInput!) { setIdeaStatus(input: $input) { idea { id } } }',
  createPlan: 'mutation($input: CreatePlanInput!) { createPlan(input: $input) { plan { id title questions { id } } } }',
  planStatus: 'mutation($input: SetPlanStatusInput!) { setPlanStatus(input: $input) { plan { id } } }',
  updatePlan: 'mutation($input: UpdatePlanInput!) { updatePlan(input: $input) { plan { id } } }',
  respond: 'mutation($input: RespondToPlanInput!) { respondToPlan(input: $input) { plan { id } } }',
  link: 'mutation($input: LinkIdeaToPlanInput!) { linkIdeaToPlan(input: $input) { plan { id } } }',
  answer: 'mutation($input: AnswerPlanQuestionInput!) { answerPlanQuestion(input: $input) { answer { id } } }',
  createGroup: 'mutation($input: CreateGroupInput!) { createGroup(input: $input) { group { id name } } }',
  join: 'mutation($input: JoinGroupInput!) { joinGroup(input: $input) { group { id } } }',
  requests: 'query($id: ID!) { group(id: $id) { joinRequests { id user { id } } } }',
  answerRequest: 'mutation($input: AnswerJoinRequestInput!) { answerJoinRequest(input: $input) { group { id } } }',
  groupLink: 'mutation($input: SetGroupLinkInput!) { setGroupLink(input: $input) { group { id } } }',
  task: 'mutation($input: SaveTaskInput!) { saveTask(input: $input) { task { id } } }',
  meeting: 'mutation($input: SaveMeetingInput!) { saveMeeting(input: $input) { meeting { id } } }',
  decision: 'mutation($input: OpenDecisionInput!) { openDecision(input: $input) { decision { id } } }',
  vote: 'mutation($input: VoteInput!) { vote(input: $input) { __typename } }',
  outcome: 'mutation($input: RecordDecisionOutcomeInput!) { recordDecisionOutcome(input: $input) { decision { id } } }',
  invite: 'mutation($input: InviteToGroupInput!) { inviteToGroup(input: $input) { invitation { id } } }',
};

const iso = (ms) => new Date(ms).toISOString();
/** Everything made for each payload, by index. */
const made = [];
let requesters;
let kees;

/** Each payload through every field, by the two accounts made for it. */
async function seed(payload, i) {
  const P = payload.text;
  const id = payload.id;
  const m = { payload };
  made[i] = m;
  const a = await person(`auteur-${i}`, payload);
  const b = await person(`buur-${i}`, payload);
  m.a = a;
  m.b = b;

  // The author is a professional with the payload as organisation.
  await attempt(admin, Q.setRole, { userId: a.id, role: 'PROFESSIONAL' }, { organisation: [P, 'Gemeente Amstelveld', 'organisation'] }, id);

  // A street named after the payload.
  const area = await attempt(admin, Q.createArea, { kind: 'STREET', parentId: areas.neighbourhood, slug: `xss-${i}` }, { name: [P, `Straat ${i}`, 'area name'] }, id);
  m.area = area.createArea.area;

  // An idea: title, body and tags; B comments, A replies (also officially) and changes the status.
  // Tags are short: a payload that cannot be one is replaced by a short payload.
  const tag = P.length <= 30 && !P.includes(',') ? payload : TAG_PAYLOADS[i % TAG_PAYLOADS.length];
  const idea = await attempt(a.context, Q.createIdea, { areaId: m.area.id }, {
    title: [P, `Idee ${id}`, 'idea title'],
    body: [P, `Idee ${id}`, 'idea body'],
    tags: [[tag.text], [], 'idea tag', tag.id],
  }, id);
  m.idea = idea.createIdea.idea;
  await app.graphql(a.context, Q.publish, { input: { id: m.idea.id } });
  await app.graphql(b.context, Q.follow, { input: { subjectKind: 'IDEA', subjectId: m.idea.id } });
  const top = await attempt(b.context, Q.comment, { subjectKind: 'IDEA', subjectId: m.idea.id }, { body: [P, `Reactie ${id}`, 'comment'] }, id);
  await attempt(a.context, Q.comment, { subjectKind: 'IDEA', subjectId: m.idea.id, parentId: top.postComment.comment.id }, { body: [P, `Antwoord ${id}`, 'comment reply'] }, id);
  await attempt(a.context, Q.comment, { subjectKind: 'IDEA', subjectId: m.idea.id, parentId: top.postComment.comment.id, official: true }, { body: [P, `Officieel ${id}`, 'official reply'] }, id);
  await attempt(a.context, Q.status, { id: m.idea.id, status: 'UNDER_REVIEW' }, { reason: [P, `Reden ${id}`, 'idea status reason'] }, id);
  // A, a professional, takes down comments for residents without an account:
  // the payload as the resident's name, then as the place.
  await attempt(a.context, Q.comment, { subjectKind: 'IDEA', subjectId: m.idea.id, body: `Opgetekend ${id}` }, {
    intake: [{ residentName: P, place: `Buurthuis ${i}` }, undefined, 'intake resident name'],
  }, id);
  m.intakeName = fields.get('intake resident name').stored.includes(id) ? P.trim() : null;
  await attempt(a.context, Q.comment, { subjectKind: 'IDEA', subjectId: m.idea.id, body: `Opgetekend ${id}` }, {
    intake: [{ residentName: 'Henk', place: P }, undefined, 'intake place'],
  }, id);

  // A plan with the payload as title, description and question; B answers and comments.
  const plan = await attempt(a.context, Q.createPlan, {
    areaId: m.area.id,
    feedbackOpensAt: iso(Date.now() - 60_000),
    feedbackClosesAt: iso(Date.now() + DAY),
  }, {
    title: [P, `Plan ${id}`, 'plan title'],
    description: [P, `Plan ${id}`, 'plan description'],
    questions: [[P], [`Vraag ${id}`], 'plan question'],
  }, id);
  m.plan = plan.createPlan.plan;
  await app.graphql(a.context, Q.planStatus, { input: { id: m.plan.id, status: 'CONSULTING' } });
  await app.graphql(a.context, Q.link, { input: { planId: m.plan.id, ideaId: m.idea.id } });
  await attempt(b.context, Q.answer, { questionId: m.plan.questions[0].id }, { body: [P, `Antwoord ${id}`, 'plan answer'] }, id);
  await attempt(b.context, Q.comment, { subjectKind: 'PLAN', subjectId: m.plan.id }, { body: [P, `Reactie ${id}`, 'plan comment'] }, id);

  // A working group: A coordinates, B asks to join with the payload and is let in;
  // a requester's payload message stays open.
  const group = await attempt(a.context, Q.createGroup, { areaId: m.area.id, visibility: 'PUBLIC', joinPolicy: 'REQUEST' }, {
    name: [P, `Werkgroep ${id}`, 'group name'],
    purpose: [P, `Doel ${id}`, 'group purpose'],
  }, id);
  m.group = group.createGroup.group;
  await attempt(b.context, Q.join, { groupId: m.group.id }, { message: [P, undefined, 'join request message'] }, id);
  await attempt(requesters[i % requesters.length].context, Q.join, { groupId: m.group.id }, { message: [P, undefined, 'join request message (pending)'] }, id);
  const pending = await app.graphql(a.context, Q.requests, { id: m.group.id });
  const bRequest = pending.group.joinRequests.find((r) => r.user?.id === b.id);
  await app.graphql(a.context, Q.answerRequest, { input: { requestId: bRequest.id, approve: true } });
  await app.graphql(a.context, Q.groupLink, { input: { groupId: m.group.id, subjectKind: 'IDEA', subjectId: m.idea.id, linked: true } });

  await attempt(a.context, Q.task, { groupId: m.group.id, assigneeId: b.id, dueOn: iso(Date.now() + 7 * DAY).slice(0, 10) }, {
    title: [P, `Taak ${id}`, 'task title'],
    description: [P, undefined, 'task description'],
  }, id);

  const url = URL_PAYLOADS[i % URL_PAYLOADS.length];
  const starts = Date.now() + 3 * DAY;
  const meetingValues = {
    title: [P, `Bijeenkomst ${id}`, 'meeting title'],
    place: [P, undefined, 'meeting place'],
    agenda: [P, undefined, 'meeting agenda'],
  };
  await attempt(a.context, Q.meeting, { groupId: m.group.id, startsAt: iso(starts), endsAt: iso(starts + 2 * HOUR) }, meetingValues, id);
  // The online link gets the URL payloads, on a meeting of its own.
  await attempt(a.context, Q.meeting, { groupId: m.group.id, title: `Online ${id}`, startsAt: iso(starts + DAY), endsAt: iso(starts + DAY + HOUR) }, {
    onlineUrl: [url.text, undefined, 'meeting online link'],
  }, url.id);
  // A meeting that starts in a few seconds, for minutes later on.
  m.minutesAt = Date.now() + 6000;
  const soon = await app.graphql(a.context, Q.meeting, {
    input: { groupId: m.group.id, title: `Notulen ${id}`, startsAt: iso(m.minutesAt), endsAt: iso(m.minutesAt + HOUR) },
  });
  m.minutesMeeting = soon.saveMeeting.meeting.id;

  const decision = await attempt(a.context, Q.decision, { groupId: m.group.id, closesAt: iso(Date.now() + 5 * DAY) }, {
    title: [P, `Voorstel ${id}`, 'decision title'],
    proposal: [P, `Voorstel ${id}`, 'decision proposal'],
  }, id);
  await attempt(b.context, Q.vote, { decisionId: decision.openDecision.decision.id, answer: 'AGREE' }, { reason: [P, undefined, 'vote reason'] }, id);
  // A proposal that closes in a few seconds, for an outcome later on.
  m.outcomeAt = Date.now() + 6000;
  const closing = await app.graphql(a.context, Q.decision, {
    input: { groupId: m.group.id, title: `Uitkomst ${id}`, proposal: 'Snel besluiten.', closesAt: iso(m.outcomeAt) },
  });
  m.outcomeDecision = closing.openDecision.decision.id;
  await app.graphql(b.context, Q.vote, { input: { decisionId: m.outcomeDecision, answer: 'AGREE' } });

  const said = await attempt(b.context, Q.comment, { subjectKind: 'GROUP', subjectId: m.group.id }, { body: [P, `Bericht ${id}`, 'group comment'] }, id);
  await attempt(a.context, Q.comment, { subjectKind: 'GROUP', subjectId: m.group.id, parentId: said.postComment.comment.id }, { body: [P, `Antwoord ${id}`, 'group comment reply'] }, id);
}

/** What can only be written later: minutes, an outcome, the plan's official response. */
async function finish(m) {
  const P = m.payload.text;
  const id = m.payload.id;
  await attempt(m.a.context, Q.meeting, { id: m.minutesMeeting }, { minutes: [P, undefined, 'meeting minutes'] }, id);
  await attempt(m.a.context, Q.outcome, { decisionId: m.outcomeDecision }, { outcome: [P, `Uitkomst ${id}`, 'decision outcome'] }, id);
  await app.graphql(m.a.context, Q.updatePlan, { input: { id: m.plan.id, feedbackClosesAt: iso(Date.now() + 1500) } });
}

before(async () => {
  app = await start();
  admin = await newContext();
  await signInAs(app, admin, ADMIN.email, ADMIN.password);
  areas = await createAreas(app, admin);
  const started = Date.now();

  // Two accounts ask to join every group (each with a payload message).
  requesters = [
    await person('vrager-0', { text: 'Rosa' }, { record: false }),
    await person('vrager-1', { text: 'Ruben' }, { record: false }),
  ];

  await pool(CORPUS, 6, seed);

  // Someone changes their name to every payload in turn, and signs in from
  // browsers whose user agent is a payload (the profile lists the sessions).
  kees = await person('kees', { text: 'Kees' }, { record: false });
  for (const payload of CORPUS) {
    await attempt(kees.context, Q.updateProfile, {}, { displayName: [payload.text, undefined, 'display name (profile)'] }, payload.id);
  }
  const shortOnes = CORPUS.filter((p) => p.text.length <= 120).slice(0, 6);
  for (const payload of shortOnes) {
    const browser = await newContext({ userAgent: payload.text });
    await signInAs(app, browser, kees.email, PASSWORD);
    note('session user agent', payload.id, true);
    await browser.close();
  }
  // Invitations to addresses with markup in them.
  for (const [n, email] of [`<img src=x onerror=__xss('invite')>@plein.test`, `"<svg/onload=__xss('invite2')>"@plein.test`].entries()) {
    await attempt(made[0].a.context, Q.invite, { groupId: made[0].group.id }, { email: [email, `uitnodiging-${n}@plein.test`, 'invitation email'] }, `invite-${n}`);
  }

  // Once the short meetings have started and the short proposals closed.
  const ready = Math.max(...made.map((m) => Math.max(m.minutesAt, m.outcomeAt))) + 500;
  if (ready > Date.now()) await new Promise((r) => setTimeout(r, ready - Date.now()));
  await pool(made, 4, finish);
  await new Promise((r) => setTimeout(r, 1600));
  await pool(made, 4, (m) =>
    attempt(m.a.context, Q.respond, { planId: m.plan.id }, { response: [m.payload.text, `Reactie ${m.payload.id}`, 'plan official response'] }, m.payload.id),
  );

  // The notifications are made in the background; wait until they are there.
  const count = 'query { myNotifications(first: 1) { totalCount } }';
  const deadline = Date.now() + 30_000;
  for (;;) {
    const counts = await Promise.all(made.flatMap((m) => [m.a, m.b]).map(async (p) => (await app.graphql(p.context, count)).myNotifications.totalCount));
    if (counts.every((c) => c >= 2)) break;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  // And until search has indexed the ideas, plans and groups.
  for (;;) {
    const data = await app.graphql(admin, 'query { search(query: "") { estimatedTotal } }');
    if (data.search.estimatedTotal >= 3 * CORPUS.length) break;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  console.log(`# seeded ${CORPUS.length} payloads in ${Math.round((Date.now() - started) / 1000)} s`);
});

after(async () => {
  await app?.stop();
});

/** Looks through the rendered page for anything user text should never become. */
async function inspect(page, label) {
  const problems = await page.evaluate(() => {
    const out = [];
    const describe = (el) => `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}> in ${el.closest('[class]')?.className ?? 'page'}`;
    const dangerousUrl = (value) =>
      /^(javascript|vbscript|data|livescript):/i.test(value.replace(/[\u0000-\u0020\u007f-\u00a0\u200b-\u200f\u2028-\u202e\u2060\ufeff]/g, ''));
    const root = document.getElementById('root');
    for (const el of root.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        if (name.startsWith('on')) out.push(`${describe(el)} has ${name}="${attr.value}"`);
        if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcset', 'ping', 'cite'].includes(name) && dangerousUrl(attr.value)) {
          out.push(`${describe(el)} has ${name}="${attr.value}"`);
        }
        if (name === 'srcdoc') out.push(`${describe(el)} has srcdoc`);
        if (name === 'style' && /expression|javascript:|url\s*\(|@import/i.test(attr.value)) out.push(`${describe(el)} has style="${attr.value}"`);
      }
    }
    for (const el of root.querySelectorAll('script, iframe, frame, frameset, object, embed, applet, base, meta, link, style, noscript, template, portal')) {
      out.push(`${describe(el)} is there`);
    }
    for (const el of document.head.querySelectorAll('base, meta[http-equiv]')) out.push(`${describe(el)} in the head`);
    // Sanitised user HTML never makes forms, controls, SVG or MathML.
    for (const el of root.querySelectorAll('.plein-prose :is(form, input, button, textarea, select, svg, math, video, audio, source)')) {
      out.push(`${describe(el)} made from user text`);
    }
    return out;
  });
  for (const problem of problems) structural.push(`${label}: ${problem}`);
}

/** Presses the "more" button until everything is listed. */
async function loadAll(page, more) {
  for (let n = 0; n < 12; n += 1) {
    const button = page.locator('main button', { hasText: more });
    await page.waitForFunction(
      (text) => ![...document.querySelectorAll('main button')].some((b) => b.disabled && b.textContent.includes(text)),
      more,
      { timeout: 10_000 },
    );
    if ((await button.count()) === 0) return;
    await button.first().click();
    await page.waitForLoadState('networkidle');
  }
}

/** Opens a path, waits for the data, loads every "more" page, and inspects it. */
async function visit(page, path, label, { more = null, expect = [] } = {}) {
  visits += 1;
  await page.goto(path);
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  if (more) await loadAll(page, more);
  await inspect(page, label);
  for (const want of expect) {
    shown.checked += 1;
    const there = await page
      .waitForFunction((text) => document.querySelector('main')?.innerText.includes(text), want.trim(), { timeout: 5000 })
      .then(() => true, () => false);
    if (there) shown.visible += 1;
    else shown.missing.push(`${label}: ${JSON.stringify(want)}`);
  }
}

const storedTitle = (title, payload) => (title === payload.text.trim() ? [title] : []);

test('no payload runs on any page that shows what people wrote', async () => {
  // The two accounts of each payload look at everything made with it.
  await pool(made, 6, async (m) => {
    const id = m.payload.id;
    const b = await m.b.context.newPage();
    await visit(b, `/ideeen/${m.idea.id}`, `idea ${id}`, {
      expect: [...storedTitle(m.idea.title, m.payload), ...(m.intakeName ? [m.intakeName] : [])],
    });
    await visit(b, `/plannen/${m.plan.id}`, `plan ${id}`, { expect: storedTitle(m.plan.title, m.payload) });
    await visit(b, `/werkgroepen/${m.group.id}`, `group ${id} (member)`, { expect: storedTitle(m.group.name, m.payload) });
    await b.locator('main details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
    await inspect(b, `group ${id} (member, details open)`);
    await visit(b, '/taken', `my tasks ${id}`);
    await visit(b, '/meldingen', `notifications ${id} (member)`, { more: 'Meer berichten' });
    await b.close();
    const a = await m.a.context.newPage();
    await visit(a, `/werkgroepen/${m.group.id}`, `group ${id} (coordinator)`, { expect: storedTitle(m.group.name, m.payload) });
    if (made.indexOf(m) % 4 === 0) {
      // The author's and professional's views add forms around the same texts.
      await visit(a, `/ideeen/${m.idea.id}`, `idea ${id} (author)`);
      await visit(a, `/plannen/${m.plan.id}`, `plan ${id} (author)`);
    }
    await visit(a, '/meldingen', `notifications ${id} (author)`, { more: 'Meer berichten' });
    await visit(a, '/profiel', `profile ${id}`, { expect: m.a.name === m.payload.text.trim() ? [m.a.name] : [] });
    await a.close();
  });

  // Lists and overviews, signed out and signed in.
  const visitor = await newContext();
  const page = await visitor.newPage();
  await visit(page, '/gebied/gemeente-amstelveld', 'area feed (ideas)', { more: 'Meer laden' });
  await screenshot(page, 'xss-feed');
  await page.locator('#feed-kind').selectOption('plans');
  await page.locator('.plein-filters button[type=submit]').click();
  await page.locator('.plein-card a[href^="/plannen/"]').first().waitFor();
  await loadAll(page, 'Meer laden');
  await inspect(page, 'area feed (plans)');
  for (const m of made.filter((_, n) => n % 5 === 0)) {
    await visit(page, `/gebied/${m.area.slug}`, `area ${m.payload.id}`, { expect: m.area.name === m.payload.text.trim() ? [m.area.name] : [] });
  }
  await visit(page, '/werkgroepen', 'group list', { more: 'Meer laden' });
  const searches = ['klik', 'script', 'onerror', 'xss', 'svg', 'iframe', 'javascript', 'constructor', 'img'];
  let results = 0;
  for (const word of searches) {
    await visit(page, `/zoeken?q=${encodeURIComponent(word)}`, `search "${word}"`);
    results += await page.locator('.plein-result').count();
  }
  await screenshot(page, 'xss-search');
  assert.ok(results > 0, 'search found the payloads');

  const adminPage = await admin.newPage();
  await visit(adminPage, '/beheer/gebieden', 'admin areas');
  const keesPage = await kees.context.newPage();
  await visit(keesPage, '/profiel', 'profile with payload user agents');
  await visit(keesPage, '/werkgroepen', 'group list (signed in)', { more: 'Meer laden' });
  for (const r of requesters) {
    const own = await r.context.newPage();
    await visit(own, '/werkgroepen', 'group list (requester)', { more: 'Meer laden' });
    await own.close();
  }

  // The report.
  const rows = [...fields.entries()].map(([field, { stored, refused }]) =>
    `  ${field.padEnd(32)} stored ${String(stored.length).padStart(2)}, refused ${String(refused.length).padStart(2)}${refused.length ? `: ${refused.join(' ')}` : ''}`);
  console.log(`# ${CORPUS.length} payloads (+${URL_PAYLOADS.length} URLs), ${visits} page visits\n${rows.join('\n')}`);
  console.log(`# payload text shown as text: ${shown.visible} of ${shown.checked}`);
  if (shown.missing.length) console.log(`# not found as text:\n  ${shown.missing.join('\n  ')}`);
  if (violations.length) console.log(`# CSP violations:\n  ${violations.map((v) => JSON.stringify(v)).join('\n  ')}`);
  if (pageErrors.length) console.log(`# page errors:\n  ${pageErrors.join('\n  ')}`);

  assert.deepEqual(fired, [], 'a payload ran');
  assert.deepEqual(dialogs, [], 'a payload opened a dialog');
  assert.deepEqual(structural, [], 'user text became markup it should not');
  const fromPayload = violations.filter((v) => /xss|alert|confirm|javascript|data:text/i.test(JSON.stringify(v)));
  assert.deepEqual(fromPayload, [], 'the Content-Security-Policy had to stop a payload');
  assert.deepEqual(pageErrors.filter((e) => /xss/i.test(e)), [], 'a payload broke a page');

  // The test only means something if most payloads were stored and shown.
  for (const [field, { stored }] of fields) {
    if (field === 'invitation email') continue; // an address with markup is refused, as it should be
    assert.ok(stored.length > 0, `${field}: no payload was stored`);
  }
  const links = fields.get('meeting online link');
  assert.ok(links.stored.every((id) => /^url-(break|hash)$/.test(id)), `only http(s) links are kept: ${links.stored}`);
  for (const field of ['idea body', 'comment', 'plan description', 'group purpose', 'meeting agenda', 'decision proposal', 'meeting minutes', 'decision outcome', 'plan official response']) {
    assert.equal(fields.get(field)?.stored.length, CORPUS.length, `${field}: Markdown takes every payload`);
  }
  assert.ok(shown.checked >= CORPUS.length, 'enough payload titles were checked on the page');
  assert.ok(shown.visible >= shown.checked * 0.9, `payload text was shown on the page (${shown.visible} of ${shown.checked})`);
});
