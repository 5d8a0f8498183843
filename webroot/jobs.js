// The Jobs view, like Flower for Celery: the count of jobs in each status, the latest jobs (cancel
// a queued one, download a finished one's result), a form to submit a job, and the scheduled jobs
// with their last run and next due time. Kept live by the job.changed events of /sockets/jobs.
import {
  request, follow, showError, button, cell, timeElement, relative, coalesced,
} from './api.js';

const LATEST = 20;
const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
const $ = (selector) => document.querySelector(selector);

// A payload to start from for each type the server knows (contract JobTypes); a type without one
// starts from {}.
const EXAMPLE_PAYLOADS = {
  'demo.sleep': { ms: 2000 },
  'export.books': { format: 'csv' },
  'report.tasks': {},
  'purge.beers': { older_than: '30d' },
  'py.wordcount': { text: 'to be or not to be' },
};

const jobs = new Map();
// Events that come while the list is read are applied again on top of what it returns.
let loadingJobs = false;
let eventsWhileLoading = [];
let statusFilter = '';
let schedule = [];
let scheduleTimer;

function errorBox() {
  return $('#jobs-error');
}

// ---- counts ----

const loadCounts = coalesced(async () => {
  try {
    const { counts } = await request('GET', '/jobs/counts');
    for (const status of STATUSES) {
      $(`#count-${status}`).textContent = counts[status] ?? 0;
    }
  } catch (error) {
    showError(errorBox(), error.message);
  }
});

// ---- latest jobs ----

const loadJobs = coalesced(async () => {
  const query = statusFilter ? `&status=${encodeURIComponent(statusFilter)}` : '';
  loadingJobs = true;
  eventsWhileLoading = [];
  try {
    const reply = await request('GET', `/jobs?limit=${LATEST}${query}`);
    jobs.clear();
    reply.jobs.forEach((job) => jobs.set(job.id, job));
    eventsWhileLoading.forEach((job) => jobs.set(job.id, job));
    renderJobs();
  } catch (error) {
    showError(errorBox(), error.message);
  } finally {
    loadingJobs = false;
  }
});

function renderJobs() {
  const shown = [...jobs.values()]
    .filter((job) => !statusFilter || job.status === statusFilter)
    .sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0))
    .slice(0, LATEST);
  jobs.clear();
  shown.forEach((job) => jobs.set(job.id, job));
  $('#jobs-table tbody').replaceChildren(...shown.map(jobRow));
  $('#jobs-empty').hidden = shown.length > 0;
}

function jobRow(job) {
  const tr = document.createElement('tr');
  tr.dataset.id = job.id;
  tr.dataset.status = job.status;
  const type = cell(job.type, 'type');
  const id = document.createElement('small');
  id.className = 'job-id';
  id.textContent = job.id.slice(0, 8);
  id.title = job.id;
  type.append(' ', id);
  const status = cell('', 'status');
  const badge = document.createElement('span');
  badge.className = `badge ${job.status}`;
  badge.textContent = job.status;
  status.append(badge);
  if (job.error) {
    const error = document.createElement('div');
    error.className = 'job-error';
    error.textContent = job.error;
    status.append(error);
  }
  if (job.next_attempt) {
    const next = document.createElement('div');
    next.className = 'muted';
    next.append('retry ', timeElement(job.next_attempt));
    status.append(next);
  }
  const times = ['created', 'started', 'ended'].map((field) => {
    const td = cell('', field);
    td.append(timeElement(job[field]));
    return td;
  });
  const actions = cell('', 'actions');
  if (job.status === 'queued') {
    actions.append(button('Cancel', `Cancel job ${job.type} ${job.id}`, 'cancel', () => cancel(job)));
  }
  const download = resultLink(job);
  if (download) actions.append(download);
  tr.append(type, status, cell(`${job.attempts}/${job.max_attempts}`, 'attempts'), ...times, actions);
  return tr;
}

/** A finished job's result: its file from the API, or its JSON result saved as a file. */
function resultLink(job) {
  if (job.status !== 'succeeded' && !job.result_file) return null;
  const link = document.createElement('a');
  link.className = 'download';
  link.textContent = 'Download';
  link.setAttribute('aria-label', `Download the result of job ${job.type} ${job.id}`);
  if (job.result_file) {
    link.href = `/jobs/${encodeURIComponent(job.id)}/result`;
    link.setAttribute('download', '');
  } else if (job.result !== undefined) {
    link.href = `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(job.result, null, 2))}`;
    link.download = `${job.type}-${job.id}.json`;
  } else {
    return null;
  }
  return link;
}

async function cancel(job) {
  try {
    await request('DELETE', `/jobs/${encodeURIComponent(job.id)}`);
    showError(errorBox(), '');
  } catch (error) {
    showError(errorBox(), error.message);
  }
  loadJobs();
  loadCounts();
}

// ---- submit ----

async function loadTypes() {
  // The API's own document lists the types it takes; the examples only fill the payload box.
  let types = Object.keys(EXAMPLE_PAYLOADS);
  try {
    const document = await request('GET', '/openapi.json');
    const listed = document.components.schemas.JobType.enum;
    if (Array.isArray(listed) && listed.length) types = listed;
  } catch {
    // The examples' types stand in; the API still names the known ones if one is refused.
  }
  const select = $('#job-type');
  select.replaceChildren(...types.map((type) => new Option(type, type)));
  select.value = types.includes('demo.sleep') ? 'demo.sleep' : types[0];
  fillExample();
}

function fillExample() {
  const example = EXAMPLE_PAYLOADS[$('#job-type').value] ?? {};
  $('#job-payload').value = JSON.stringify(example);
}

async function submitJob(event) {
  event.preventDefault();
  const form = event.target;
  const body = { type: form.elements.type.value };
  const payloadText = form.elements.payload.value.trim();
  if (payloadText) {
    try {
      body.payload = JSON.parse(payloadText);
    } catch (error) {
      showError(errorBox(), `Payload: not valid JSON (${error.message})`);
      form.elements.payload.focus();
      return;
    }
  }
  if (form.elements.max_attempts.value !== '') {
    body.max_attempts = Number(form.elements.max_attempts.value);
  }
  try {
    const job = await request('POST', '/jobs', body);
    showError(errorBox(), '');
    $('#job-submitted').textContent = `Job ${job.id.slice(0, 8)} (${body.type}) ${job.status}.`;
  } catch (error) {
    showError(errorBox(), error.message);
  }
}

// ---- scheduled jobs ----

const loadSchedule = coalesced(async () => {
  clearTimeout(scheduleTimer);
  try {
    schedule = (await request('GET', '/jobs/scheduled')).jobs;
    renderSchedule();
  } catch (error) {
    showError(errorBox(), error.message);
  }
  // Ask again just after the next job falls due, for its new last run and next due time.
  const dues = schedule.map((job) => new Date(job.next_due).getTime()).filter(Number.isFinite);
  const wait = dues.length ? Math.min(...dues) - Date.now() + 1000 : 30000;
  scheduleTimer = setTimeout(loadSchedule, Math.max(1000, Math.min(30000, wait)));
});

function renderSchedule() {
  $('#schedule-table tbody').replaceChildren(...schedule.map((job) => {
    const tr = document.createElement('tr');
    tr.dataset.name = job.name;
    const when = job.every ? `every ${job.every}` : job.daily ? `daily at ${job.daily}` : '';
    const last = cell('', 'last-run');
    if (job.last_run) {
      last.append(timeElement(job.last_run.start), ` ${job.last_run.outcome}`);
      if (job.last_run.error) last.title = job.last_run.error;
    } else {
      last.textContent = 'not yet';
    }
    const next = cell('', 'next-due');
    next.append(timeElement(job.next_due));
    const inWords = document.createElement('span');
    inWords.className = 'muted countdown';
    inWords.dataset.due = job.next_due;
    inWords.textContent = ` (${relative(job.next_due)})`;
    next.append(inWords);
    tr.append(cell(job.name, 'name'), cell(when, 'when'),
      cell(job.exclusive ? 'once per cluster' : 'on every node', 'exclusive'), last, next);
    return tr;
  }));
}

function tickCountdowns() {
  document.querySelectorAll('#schedule-table .countdown').forEach((element) => {
    element.textContent = ` (${relative(element.dataset.due)})`;
  });
}

// ---- live ----

function onEvent(event) {
  if (event.event !== 'job.changed') return;
  if (loadingJobs) eventsWhileLoading.push(event.job);
  jobs.set(event.job.id, event.job);
  renderJobs();
  loadCounts();
}

export function startJobs(onLive) {
  $('#job-form').addEventListener('submit', submitJob);
  $('#job-type').addEventListener('change', fillExample);
  $('#job-status-filter').addEventListener('change', (event) => {
    statusFilter = event.target.value;
    loadJobs();
  });
  follow('jobs', onEvent, (on) => {
    onLive(on);
    // Once the socket is open, nothing more is missed: what changed before is read again.
    if (on) {
      loadJobs();
      loadCounts();
    }
  });
  // Read at once too, so the page shows the queue even while the socket cannot connect.
  loadJobs();
  loadCounts();
  setInterval(tickCountdowns, 1000);
  loadTypes();
  loadSchedule();
}
