// Engram's memory viewer: plain ES modules, no build step, no dependency. It speaks only Engram's public API (the
// same routes and scopes as any client, with the pasted key as a Bearer header) plus the live stream /v1/stream.

const KEY_ITEM = 'engram.viewer.key';
const PROJECT_ITEM = 'engram.viewer.project';
const $ = (id) => document.getElementById(id);

const state = {
  key: sessionStorage.getItem(KEY_ITEM),
  info: null,
  projects: [],
  project: sessionStorage.getItem(PROJECT_ITEM),
  stream: null,
  live: new Map(),
  sessionsNext: null,
  jobsTimer: null,
};

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Calls the API with the key; a refusal becomes an ApiError carrying Engram's own message. */
async function api(path, { method = 'GET', body } = {}) {
  const headers = { Authorization: `Bearer ${state.key}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, `Engram did not answer at ${location.origin} (${e.message}).`);
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) throw new ApiError(response.status, problemText(response, json));
  return json;
}

function problemText(response, json) {
  if (json && Array.isArray(json.issues) && json.issues.length) {
    return json.issues.map((i) => `${(i.path || []).join('.') || 'body'}: ${i.message}`).join('; ');
  }
  return (json && (json.message || json.detail)) || `${response.status} ${response.statusText}`;
}

/** Builds an element: h('a', {href: '#'}, 'text', child). Text is always set as text, never parsed as HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'className') el.className = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const when = (epoch) => (epoch ? new Date(epoch).toLocaleString() : '—');
const shortId = (id) => (id ? id.slice(0, 8) : '');

function duration(ms) {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

function ago(seconds) {
  return seconds > 0 ? duration(seconds * 1000) : 'none waiting';
}

// ---- highlighting: the query's words marked in what a search found ----

const STOP = new Set(['the', 'and', 'for', 'what', 'did', 'was', 'were', 'are', 'how', 'why', 'who', 'with', 'about',
  'that', 'this', 'from', 'into', 'our', 'you', 'has', 'have', 'had', 'not', 'but', 'its', 'when', 'where', 'which']);

/** Stems of the query's words (a plural or tense ending dropped), so "retries" marks "retry" and "retried". */
function queryStems(query) {
  return [...new Set(query.toLowerCase().match(/[\p{L}\p{N}_]+/gu) || [])]
    .filter((w) => w.length >= 3 && !STOP.has(w))
    .map((w) => w.replace(/(ies|es|s|ed|ing)$/u, '') || w)
    .map((w) => (w.length > 5 ? w.slice(0, w.length - 1) : w))
    .filter((w) => w.length >= 3);
}

/** The text with each word that starts with a stem wrapped in <mark>, as nodes. */
function highlighted(text, stems) {
  if (!stems.length || !text) return [text || ''];
  const escaped = stems.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${escaped.join('|')})[\\p{L}\\p{N}_]*`, 'giu');
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) nodes.push(text.slice(last, match.index));
    nodes.push(h('mark', {}, match[0]));
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

// ---- an observation as a card ----

function filesOf(metadata) {
  const files = [...(metadata.files_modified || []), ...(metadata.files_read || [])];
  return [...new Set(files.filter((f) => typeof f === 'string'))];
}

function titleOf(observation) {
  const m = observation.metadata || {};
  if (observation.kind === 'summary') return m.request ? `Summary: ${m.request}` : 'Session summary';
  return m.title || (observation.content || '').split('\n')[0];
}

function card(observation, { stems = [], fresh = false, session = true } = {}) {
  const m = observation.metadata || {};
  const files = filesOf(m);
  const body = observation.kind === 'summary' ? summaryText(m) || observation.content : m.narrative || observation.content;
  const mark = (text) => highlighted(text, stems);
  return h('li', { className: `card${fresh ? ' fresh' : ''}`, 'data-id': observation.id, 'data-kind': observation.kind },
    h('div', { className: 'card-head' },
      h('span', { className: `badge ${observation.kind}` }, observation.kind),
      h('span', { className: 'card-title' }, mark(titleOf(observation)))),
    m.subtitle ? h('p', { className: 'card-sub' }, mark(m.subtitle)) : null,
    body && body !== titleOf(observation) ? h('p', { className: 'card-body' }, mark(body)) : null,
    files.length ? h('ul', { className: 'files', 'aria-label': 'Files' }, files.map((f) => h('li', {}, f))) : null,
    h('div', { className: 'meta' },
      h('time', { datetime: new Date(observation.createdAtEpoch).toISOString() }, when(observation.createdAtEpoch)),
      !session ? null : observation.serverSessionId
        ? h('a', { href: `#/sessions/${observation.serverSessionId}`, 'aria-label': `Open session ${observation.serverSessionId}` },
          `session ${shortId(observation.serverSessionId)}`)
        : h('span', {}, 'no session')));
}

function summaryText(m) {
  const parts = [['Investigated', m.investigated], ['Learned', m.learned], ['Completed', m.completed],
    ['Next steps', m.next_steps], ['Notes', m.notes]];
  return parts.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join('\n');
}

// ---- connecting: the key, the projects, the views it may see ----

async function connect(key) {
  state.key = key;
  const info = await api('/v1/info');
  const { projects } = await api('/v1/projects');
  sessionStorage.setItem(KEY_ITEM, key);
  state.info = info;
  state.projects = projects;
  if (!projects.some((p) => p.id === state.project)) state.project = projects.length ? projects[0].id : null;
  renderChrome();
}

function isAdmin() {
  return Boolean(state.info && state.info.key && state.info.key.admin);
}

function renderChrome() {
  const select = $('project');
  select.replaceChildren(...state.projects.map((p) => h('option', { value: p.id, selected: p.id === state.project },
    p.name && p.name !== p.id ? `${p.name} (${p.id})` : p.id)));
  document.querySelector('.bar .project').hidden = false;
  $('tabs').hidden = false;
  $('forget').hidden = false;
  document.querySelector('[data-view="jobs"]').hidden = !isAdmin();
  $('connect').hidden = true;
  if (state.project) sessionStorage.setItem(PROJECT_ITEM, state.project);
  route();
}

function forget() {
  stopStream();
  stopJobs();
  sessionStorage.removeItem(KEY_ITEM);
  sessionStorage.removeItem(PROJECT_ITEM);
  state.key = null;
  state.info = null;
  state.projects = [];
  state.live.clear();
  $('live-list').replaceChildren();
  document.querySelectorAll('.view').forEach((v) => { v.hidden = true; });
  document.querySelector('.bar .project').hidden = true;
  $('tabs').hidden = true;
  $('forget').hidden = true;
  $('connect').hidden = false;
  $('key').value = '';
  $('key').focus();
  history.replaceState(null, '', location.pathname);
}

function refused(error) {
  if (error.status === 401 || error.status === 403) {
    return `Engram refused this key: ${error.message}. Paste a current key with the memories:read scope.`;
  }
  return error.message;
}

// ---- routing: #/live, #/sessions, #/sessions/<id>, #/search, #/jobs ----

function route() {
  if (!state.info) return;
  const [, view = 'live', id] = (location.hash || '#/live').split('/');
  const name = view === 'sessions' && id ? 'session' : view;
  const known = ['live', 'sessions', 'session', 'search', 'jobs'];
  const target = known.includes(name) && (name !== 'jobs' || isAdmin()) ? name : 'live';
  document.querySelectorAll('.view').forEach((v) => { v.hidden = v.id !== `view-${target}`; });
  document.querySelectorAll('#tabs a').forEach((a) => {
    const current = a.dataset.view === target || (target === 'session' && a.dataset.view === 'sessions');
    if (current) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  if (target !== 'jobs') stopJobs();
  if (!state.project) {
    $('live-state').textContent = 'no project';
    return;
  }
  if (target === 'live') startStream();
  if (target === 'sessions') loadSessions(true);
  if (target === 'session') loadSession(decodeURIComponent(id));
  if (target === 'search') $('q').focus();
  if (target === 'jobs') startJobs();
}

// ---- the live stream: server-sent events read with fetch, so the key travels in a header ----

function stopStream() {
  if (state.stream) state.stream.abort();
  state.stream = null;
}

function startStream() {
  if (state.stream && state.stream.project === state.project) return;
  stopStream();
  const controller = new AbortController();
  controller.project = state.project;
  state.stream = controller;
  state.live.clear();
  $('live-list').replaceChildren();
  $('live-empty').hidden = false;
  readStream(controller, 0);
}

async function readStream(controller, failures) {
  const status = $('live-state');
  status.textContent = failures ? 'reconnecting…' : 'connecting…';
  status.className = 'pill';
  try {
    const response = await fetch(`/v1/stream?projectId=${encodeURIComponent(controller.project)}`, {
      headers: { Authorization: `Bearer ${state.key}`, Accept: 'text/event-stream' }, signal: controller.signal,
    });
    if (!response.ok) {
      const text = await response.text();
      let json = null;
      try { json = JSON.parse(text); } catch { json = null; }
      throw new ApiError(response.status, problemText(response, json));
    }
    failures = 0;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        onStreamEvent(parseEvent(buffer.slice(0, end)));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (e) {
    if (controller.signal.aborted) return;
    if (e.status === 401 || e.status === 403) {
      status.textContent = 'key refused';
      return;
    }
  }
  if (controller.signal.aborted) return;
  const delay = Math.min(10000, 500 * 2 ** failures);
  status.textContent = 'reconnecting…';
  status.className = 'pill';
  setTimeout(() => { if (!controller.signal.aborted) readStream(controller, failures + 1); }, delay);
}

function parseEvent(block) {
  const event = { event: 'message', data: '' };
  const data = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data.push(value); else event[field] = value;
  }
  event.data = data.join('\n');
  return event;
}

function onStreamEvent(event) {
  if (event.event === 'ready') {
    $('live-state').textContent = 'live';
    $('live-state').className = 'pill live';
    return;
  }
  if ((event.event !== 'observation' && event.event !== 'summary') || !event.data) return;
  const observation = JSON.parse(event.data);
  if (state.live.has(observation.id)) return;
  state.live.set(observation.id, observation);
  $('live-empty').hidden = true;
  $('live-list').prepend(card(observation, { fresh: true }));
  const list = $('live-list');
  while (list.children.length > 200) list.lastElementChild.remove();
}

// ---- sessions and one session's timeline ----

async function loadSessions(first) {
  const list = $('session-list');
  if (first) {
    list.replaceChildren();
    state.sessionsNext = null;
  }
  const query = new URLSearchParams({ limit: '20' });
  if (!first && state.sessionsNext) query.set('before', state.sessionsNext);
  try {
    const page = await api(`/v1/projects/${encodeURIComponent(state.project)}/sessions?${query}`);
    list.append(...page.sessions.map(sessionRow));
    state.sessionsNext = page.nextBefore;
    $('sessions-more').hidden = !page.nextBefore;
    $('sessions-empty').hidden = list.children.length > 0;
  } catch (e) {
    $('sessions-empty').hidden = false;
    $('sessions-empty').textContent = refused(e);
  }
}

function sessionStatus(session) {
  if (!session.endedAtEpoch) return 'open';
  return session.generationStatus === 'completed' ? 'ended · summarized' : `ended · summary ${session.generationStatus}`;
}

function sessionRow(entry) {
  const s = entry.session;
  return h('li', {},
    h('a', { href: `#/sessions/${s.id}`, 'data-session': s.id },
      h('span', { className: 'row-title' }, entry.firstPrompt || `Session ${shortId(s.id)}`),
      h('span', { className: 'row-side' }, when(s.startedAtEpoch)),
      h('span', { className: 'row-meta' },
        `${sessionStatus(s)} · ${duration(entry.durationMs)} · ${entry.eventCount} events · `
        + `${entry.observationCount} observations${s.platformSource ? ` · ${s.platformSource}` : ''}`)));
}

async function loadSession(id) {
  const facts = $('session-facts');
  const timeline = $('timeline');
  facts.replaceChildren();
  timeline.replaceChildren(h('li', { className: 'empty' }, 'Loading…'));
  $('summary').hidden = true;
  try {
    const [{ session }, { events, truncated }, { observations }] = await Promise.all([
      api(`/v1/sessions/${encodeURIComponent(id)}`),
      api(`/v1/sessions/${encodeURIComponent(id)}/events`),
      api(`/v1/sessions/${encodeURIComponent(id)}/observations`)]);
    $('session-title').textContent = `Session ${shortId(session.id)}`;
    const fact = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
    facts.replaceChildren(...fact('Id', h('code', {}, session.id)), ...fact('Status', sessionStatus(session)),
      ...fact('Started', when(session.startedAtEpoch)), ...fact('Ended', when(session.endedAtEpoch)),
      ...fact('Agent', [...new Set([session.platformSource, session.agentType, session.contentSessionId].filter(Boolean))]
        .join(' · ') || '—'));
    const byId = new Map(observations.map((o) => [o.id, o]));
    const placed = new Set();
    const steps = events.map(({ event, observationIds }) => {
      const made = observationIds.map((oid) => byId.get(oid)).filter(Boolean);
      made.forEach((o) => placed.add(o.id));
      return h('li', { className: 'step', 'data-event': event.id },
        h('div', { className: 'step-head' },
          h('span', { className: 'step-type' }, eventLabel(event)),
          h('time', { datetime: new Date(event.occurredAtEpoch).toISOString() }, when(event.occurredAtEpoch))),
        eventText(event) ? h('p', { className: 'step-text' }, eventText(event)) : null,
        made.length ? h('ol', { className: 'cards', 'aria-label': 'Observations from this event' }, made.map((o) => card(o, { session: false }))) : null);
    });
    const others = observations.filter((o) => !placed.has(o.id) && o.kind !== 'summary');
    if (others.length) {
      steps.push(h('li', { className: 'step' }, h('div', { className: 'step-head' },
        h('span', { className: 'step-type' }, 'Observations of the session as a whole')),
      h('ol', { className: 'cards' }, others.map((o) => card(o, { session: false })))));
    }
    if (truncated) steps.push(h('li', { className: 'empty' }, 'Only the first 1,000 events are shown.'));
    timeline.replaceChildren(...(steps.length ? steps : [h('li', { className: 'empty' }, 'No events.')]));
    const summary = observations.filter((o) => o.kind === 'summary').pop();
    if (summary) {
      const m = summary.metadata || {};
      const rows = [['Request', m.request], ['Investigated', m.investigated], ['Learned', m.learned],
        ['Completed', m.completed], ['Next steps', m.next_steps], ['Notes', m.notes]].filter(([, v]) => v);
      $('summary-body').replaceChildren(rows.length
        ? h('dl', {}, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))
        : h('p', { className: 'card-body' }, summary.content));
      $('summary').hidden = false;
    }
  } catch (e) {
    timeline.replaceChildren(h('li', { className: 'error' }, e.status === 404 ? 'No such session in this project.' : refused(e)));
  }
}

function eventLabel(event) {
  const p = event.payload || {};
  if (event.eventType === 'tool_use') return `Tool: ${p.tool_name || p.toolName || 'unknown'}`;
  if (event.eventType === 'user_prompt') return 'Prompt';
  return event.eventType.replace(/_/g, ' ');
}

function eventText(event) {
  const p = event.payload || {};
  if (typeof p.prompt === 'string') return p.prompt;
  const input = p.tool_input || p.toolInput;
  if (input && typeof input === 'object') {
    const first = input.file_path || input.command || input.pattern || input.path || input.url;
    if (typeof first === 'string') return first;
  }
  return '';
}

// ---- search ----

async function search(event) {
  event.preventDefault();
  const query = $('q').value.trim();
  if (!query) return;
  const body = { projectId: state.project, query, limit: Number($('f-limit').value) || 20 };
  if ($('f-mode').value) body.mode = $('f-mode').value;
  if ($('f-match').value) body.match = $('f-match').value;
  if ($('f-kind').value) body.kinds = [$('f-kind').value];
  const types = $('f-types').value.split(',').map((t) => t.trim()).filter(Boolean);
  if (types.length) body.types = types;
  if ($('f-file').value.trim()) body.file = $('f-file').value.trim();
  if ($('f-session').value.trim()) body.sessionId = $('f-session').value.trim();
  if ($('f-since').value) body.sinceEpoch = Date.parse(`${$('f-since').value}T00:00:00`);
  if ($('f-until').value) body.untilEpoch = Date.parse(`${$('f-until').value}T00:00:00`) + 86400000;
  const results = $('search-results');
  $('search-error').hidden = true;
  $('search-notice').hidden = true;
  try {
    const answer = await api('/v1/search', { method: 'POST', body });
    const stems = queryStems(query);
    results.replaceChildren(...answer.observations.map((o) => card(o, { stems })));
    $('search-empty').hidden = answer.observations.length > 0;
    if (answer.notice) {
      $('search-notice').textContent = answer.notice;
      $('search-notice').hidden = false;
    }
  } catch (e) {
    results.replaceChildren();
    $('search-empty').hidden = true;
    $('search-error').textContent = refused(e);
    $('search-error').hidden = false;
  }
}

// ---- jobs (admin keys) ----

function stopJobs() {
  clearInterval(state.jobsTimer);
  state.jobsTimer = null;
}

function startJobs() {
  stopJobs();
  loadJobs();
  state.jobsTimer = setInterval(() => { if (!document.hidden) loadJobs(); }, 5000);
}

async function loadJobs() {
  try {
    const [info, failed] = await Promise.all([api('/v1/info'),
      api(`/v1/projects/${encodeURIComponent(state.project)}/jobs?status=failed&limit=50`)]);
    $('jobs-error').hidden = true;
    const counts = new Map();
    for (const q of info.queues) counts.set(`${q.lane}/${q.status}`, q.count);
    const statuses = ['queued', 'processing', 'completed', 'failed', 'cancelled'];
    $('lanes').tBodies[0].replaceChildren(...info.lanes.map((lane) => h('tr', { 'data-lane': lane.lane },
      h('th', { scope: 'row' }, lane.lane),
      statuses.map((s) => h('td', {}, counts.get(`${lane.lane}/${s}`) || 0)),
      h('td', {}, lane.ready), h('td', {}, ago(lane.oldestReadySeconds)),
      h('td', {}, lane.consumerLag ?? '—'))));
    const outbox = info.outbox;
    $('outbox').textContent = !outbox ? ''
      : outbox.unpublished === 0 ? 'Outbox: nothing waiting for the relay.'
        : `Outbox: ${outbox.unpublished} job(s) waiting for the relay; the oldest for ${ago(outbox.oldestSeconds)}.`;
    $('failed-list').replaceChildren(...failed.jobs.map(failedRow));
    $('failed-empty').hidden = failed.jobs.length > 0;
  } catch (e) {
    $('jobs-error').textContent = refused(e);
    $('jobs-error').hidden = false;
  }
}

function failedRow(job) {
  const error = job.lastError ? [job.lastError.classification, job.lastError.reason].filter(Boolean).join(': ') : 'no error recorded';
  const outcome = h('span', { role: 'status' });
  const retry = h('button', {
    type: 'button',
    'aria-label': `Retry job ${job.id}`,
    onclick: async () => {
      retry.disabled = true;
      try {
        const answer = await api(`/v1/jobs/${encodeURIComponent(job.id)}/retry`, { method: 'POST' });
        outcome.textContent = `queued again (retry ${answer.retriedCount})`;
        setTimeout(loadJobs, 1500);
      } catch (e) {
        outcome.textContent = refused(e);
        retry.disabled = false;
      }
    },
  }, 'Retry');
  return h('li', { 'data-job': job.id },
    h('div', { className: 'row' },
      h('span', { className: 'row-title' }, h('code', {}, job.id)),
      h('span', { className: 'row-side' }, `failed ${when(job.failedAtEpoch)}`),
      h('span', { className: 'row-meta' }, `${job.sourceType} ${job.sourceId} · attempt ${job.attempts} of ${job.maxAttempts}`),
      h('span', { className: 'row-meta job-error' }, error),
      h('span', { className: 'row-actions' }, retry, outcome)));
}

// ---- start ----

function start() {
  $('key-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = $('connect-error');
    error.hidden = true;
    try {
      await connect($('key').value.trim());
      $('key').value = '';
    } catch (e) {
      state.key = null;
      sessionStorage.removeItem(KEY_ITEM);
      error.textContent = refused(e);
      error.hidden = false;
      $('key').focus();
    }
  });
  $('forget').addEventListener('click', forget);
  $('project').addEventListener('change', () => {
    state.project = $('project').value;
    sessionStorage.setItem(PROJECT_ITEM, state.project);
    stopStream();
    if ((location.hash || '').startsWith('#/sessions/')) location.hash = '#/sessions'; else route();
  });
  $('sessions-more').addEventListener('click', () => loadSessions(false));
  $('search-form').addEventListener('submit', search);
  $('jobs-refresh').addEventListener('click', loadJobs);
  window.addEventListener('hashchange', () => {
    route();
    $('main').focus({ preventScroll: true });
  });
  if (state.key) {
    connect(state.key).catch((e) => {
      forget();
      $('connect-error').textContent = refused(e);
      $('connect-error').hidden = false;
    });
  } else {
    $('key').focus();
  }
}

start();
