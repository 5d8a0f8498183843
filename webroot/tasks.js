// The Tasks view: seed 002's to-do list. Add, complete, edit and delete tasks, filter them by
// priority; kept live by the task.created/replaced/deleted events of /sockets/tasks.
import { request, follow, showError, button, cell, coalesced } from './api.js';

const PRIORITIES = ['urgent', 'high', 'normal', 'low', 'none'];
const $ = (selector) => document.querySelector(selector);

const tasks = new Map();
let priorityFilter = '';
// Events that come while the list is read are applied again on top of what it returns.
let loading = false;
let eventsWhileLoading = [];

function errorBox() {
  return $('#tasks-error');
}

/** A task from a form: only the fields the user filled, as the schema wants them. */
function taskFrom(form, completed) {
  const data = new FormData(form);
  const task = { title: data.get('title').trim() };
  const description = data.get('description').trim();
  if (description) task.description = description;
  if (data.get('priority')) task.priority = data.get('priority');
  const due = data.get('due');
  if (due) task.due_date = Math.floor(new Date(`${due}T00:00:00`).getTime() / 1000);
  task.completed = completed;
  return task;
}

/** A due date in epoch seconds as the yyyy-mm-dd of a date input, in local time. */
function dateInputValue(epochSeconds) {
  if (epochSeconds === undefined) return '';
  const date = new Date(epochSeconds * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const load = coalesced(async () => {
  loading = true;
  eventsWhileLoading = [];
  try {
    const all = await request('GET', '/tasks');
    tasks.clear();
    Object.entries(all).forEach(([id, task]) => tasks.set(id, task));
    eventsWhileLoading.forEach(apply);
    render();
  } catch (error) {
    showError(errorBox(), error.message);
  } finally {
    loading = false;
  }
});

function rank(task) {
  const index = PRIORITIES.indexOf(task.priority ?? 'none');
  return index < 0 ? PRIORITIES.length : index;
}

/** Open tasks first, then by priority, due date and title. */
function compare([, a], [, b]) {
  return (!!a.completed - !!b.completed) || (rank(a) - rank(b))
    || ((a.due_date ?? Infinity) - (b.due_date ?? Infinity)) || a.title.localeCompare(b.title);
}

function render() {
  const shown = [...tasks.entries()]
    .filter(([, task]) => !priorityFilter || (task.priority ?? 'none') === priorityFilter)
    .sort(compare);
  $('#tasks-table tbody').replaceChildren(...shown.map(([id, task]) => row(id, task)));
  const open = [...tasks.values()].filter((task) => !task.completed).length;
  $('#tasks-summary').textContent =
    `${tasks.size} tasks, ${open} open` + (priorityFilter ? `; showing ${shown.length} ${priorityFilter}` : '');
  $('#tasks-empty').hidden = shown.length > 0;
}

function row(id, task) {
  const tr = document.createElement('tr');
  tr.dataset.id = id;
  tr.classList.toggle('completed', !!task.completed);
  const done = document.createElement('td');
  const toggle = document.createElement('input');
  toggle.type = 'checkbox';
  toggle.className = 'toggle-completed';
  toggle.checked = !!task.completed;
  toggle.setAttribute('aria-label', `Completed: ${task.title}`);
  toggle.addEventListener('change', () => save(id, { ...task, completed: toggle.checked }));
  done.append(toggle);
  const title = cell('', 'title');
  const titleText = document.createElement('span');
  titleText.className = 'title-text';
  titleText.textContent = task.title;
  title.append(titleText);
  if (task.description) {
    const description = document.createElement('div');
    description.className = 'muted description';
    description.textContent = task.description;
    title.append(description);
  }
  const priority = cell('', 'priority');
  const badge = document.createElement('span');
  badge.className = `badge priority-${task.priority ?? 'none'}`;
  badge.textContent = task.priority ?? 'none';
  priority.append(badge);
  const due = cell(task.due_date === undefined ? '' : dateInputValue(task.due_date), 'due');
  const actions = cell('', 'actions');
  actions.append(
    button('Edit', `Edit ${task.title}`, 'edit', () => openEditor(id, task)),
    button('Delete', `Delete ${task.title}`, 'delete', () => remove(id, task)));
  tr.append(done, title, priority, due, actions);
  return tr;
}

async function save(id, task) {
  try {
    await request('PUT', `/tasks/${encodeURIComponent(id)}`, task);
    showError(errorBox(), '');
  } catch (error) {
    showError(errorBox(), error.message);
    render(); // puts back what the refused change had shown
  }
}

async function remove(id, task) {
  if (!confirm(`Delete "${task.title}"?`)) return;
  try {
    await request('DELETE', `/tasks/${encodeURIComponent(id)}`);
    showError(errorBox(), '');
  } catch (error) {
    showError(errorBox(), error.message);
  }
}

function openEditor(id, task) {
  const form = $('#task-edit-form');
  form.elements.id.value = id;
  form.elements.title.value = task.title;
  form.elements.description.value = task.description ?? '';
  form.elements.priority.value = task.priority ?? '';
  form.elements.due.value = dateInputValue(task.due_date);
  form.elements.completed.checked = !!task.completed;
  showError($('#task-edit-error'), '');
  $('#task-edit-dialog').showModal();
}

async function submitEditor(event) {
  event.preventDefault();
  const form = event.target;
  try {
    await request('PUT', `/tasks/${encodeURIComponent(form.elements.id.value)}`,
      taskFrom(form, form.elements.completed.checked));
    $('#task-edit-dialog').close();
  } catch (error) {
    showError($('#task-edit-error'), error.message);
  }
}

async function submitNew(event) {
  event.preventDefault();
  const form = event.target;
  try {
    await request('POST', '/tasks', taskFrom(form, false));
    form.reset();
    showError(errorBox(), '');
    form.elements.title.focus();
  } catch (error) {
    showError(errorBox(), error.message);
  }
}

function apply(event) {
  if (event.event === 'task.deleted') {
    tasks.delete(event.id);
  } else if (event.task) {
    tasks.set(event.id, event.task);
  }
}

function onEvent(event) {
  if (!event.event || !event.event.startsWith('task.')) return;
  if (loading) eventsWhileLoading.push(event);
  if (!event.task && event.event !== 'task.deleted') {
    load(); // an event without its task: read the list again
    return;
  }
  apply(event);
  render();
}

export function startTasks(onLive) {
  $('#task-form').addEventListener('submit', submitNew);
  $('#task-edit-form').addEventListener('submit', submitEditor);
  $('#task-edit-cancel').addEventListener('click', () => $('#task-edit-dialog').close());
  $('#task-priority-filter').addEventListener('change', (event) => {
    priorityFilter = event.target.value;
    render();
  });
  follow('tasks', onEvent, (on) => {
    onLive(on);
    if (on) load(); // once the socket is open nothing more is missed: read what changed before
  });
  load(); // at once too, so the list shows even while the socket cannot connect
}
