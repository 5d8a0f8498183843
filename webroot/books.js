// The Books view: a sortable, paged table with add, edit, toggle-read and delete, kept live by
// the book.changed events of /sockets/books.
import { request, follow, showError, button } from './api.js';

const PAGE_SIZE = 10;
const state = { skip: 0, sort: 'title', desc: false, count: 0 };

const $ = (selector) => document.querySelector(selector);

function bookFrom(form) {
  const data = new FormData(form);
  const book = { title: data.get('title').trim(), author: data.get('author').trim(),
    read: form.elements.read.checked };
  // An emptied field is sent as null: an edit then removes it (PUT keeps the fields it does not
  // get, as seed 001's $set did), and a new book is stored without it.
  for (const field of ['year', 'score']) {
    const value = data.get(field);
    book[field] = value === '' ? null : Number(value);
  }
  return book;
}

async function load() {
  const order = state.desc ? 'sortdesc' : 'sortasc';
  // One more than a page tells whether a next page exists.
  const books = await request('GET',
    `/books?skip=${state.skip}&limit=${PAGE_SIZE + 1}&${order}=${state.sort}`);
  state.count = books.length;
  render(books.slice(0, PAGE_SIZE));
}

function render(books) {
  const body = $('#books-table tbody');
  body.replaceChildren(...books.map(row));
  document.querySelectorAll('th button[data-sort]').forEach((button) => {
    const sorted = button.dataset.sort === state.sort;
    button.setAttribute('aria-sort', sorted ? (state.desc ? 'descending' : 'ascending') : 'none');
  });
  const page = Math.floor(state.skip / PAGE_SIZE) + 1;
  $('#page-info').textContent = `Page ${page}`;
  $('#first-page').disabled = state.skip === 0;
  $('#prev-page').disabled = state.skip === 0;
  $('#next-page').disabled = state.count <= PAGE_SIZE;
}

function row(book) {
  const tr = document.createElement('tr');
  tr.dataset.id = book.id;
  for (const field of ['title', 'author', 'year', 'score']) {
    const td = document.createElement('td');
    td.textContent = book[field] ?? '';
    td.className = field;
    tr.append(td);
  }
  const read = document.createElement('td');
  const toggle = document.createElement('input');
  toggle.type = 'checkbox';
  toggle.checked = !!book.read;
  toggle.className = 'toggle-read';
  toggle.setAttribute('aria-label', `Read: ${book.title}`);
  toggle.addEventListener('change', () => save({ ...book, read: toggle.checked }));
  read.append(toggle);
  const actions = document.createElement('td');
  actions.className = 'actions';
  actions.append(
    button('Edit', `Edit ${book.title}`, 'edit', () => openEditor(book)),
    button('Delete', `Delete ${book.title}`, 'delete', () => remove(book)));
  tr.append(read, actions);
  return tr;
}

async function save(book) {
  const { id, ...fields } = book;
  try {
    await request('PUT', `/books/${encodeURIComponent(id)}`, fields);
    showError($('#books-error'), '');
    await load();
  } catch (error) {
    showError($('#books-error'), error.message);
    await load();
  }
}

async function remove(book) {
  if (!confirm(`Delete "${book.title}"?`)) return;
  try {
    await request('DELETE', `/books/${encodeURIComponent(book.id)}`);
    showError($('#books-error'), '');
    await load();
  } catch (error) {
    showError($('#books-error'), error.message);
  }
}

function openEditor(book) {
  const form = $('#edit-form');
  form.elements.id.value = book.id;
  form.elements.title.value = book.title;
  form.elements.author.value = book.author;
  form.elements.year.value = book.year ?? '';
  form.elements.score.value = book.score ?? '';
  form.elements.read.checked = !!book.read;
  showError($('#edit-error'), '');
  $('#edit-dialog').showModal();
}

async function submitEditor(event) {
  event.preventDefault();
  const form = event.target;
  const id = form.elements.id.value;
  try {
    await request('PUT', `/books/${encodeURIComponent(id)}`, bookFrom(form));
    $('#edit-dialog').close();
    await load();
  } catch (error) {
    showError($('#edit-error'), error.message);
  }
}

async function submitNew(event) {
  event.preventDefault();
  const form = event.target;
  try {
    await request('POST', '/books', bookFrom(form));
    form.reset();
    showError($('#books-error'), '');
    await load();
  } catch (error) {
    showError($('#books-error'), error.message);
  }
}

export function startBooks(onLive) {
  $('#add-form').addEventListener('submit', submitNew);
  $('#edit-form').addEventListener('submit', submitEditor);
  $('#edit-cancel').addEventListener('click', () => $('#edit-dialog').close());
  document.querySelectorAll('th button[data-sort]').forEach((header) =>
    header.addEventListener('click', () => {
      state.desc = state.sort === header.dataset.sort ? !state.desc : false;
      state.sort = header.dataset.sort;
      state.skip = 0;
      load();
    }));
  $('#first-page').addEventListener('click', () => { state.skip = 0; load(); });
  $('#prev-page').addEventListener('click', () => {
    state.skip = Math.max(0, state.skip - PAGE_SIZE); load();
  });
  $('#next-page').addEventListener('click', () => { state.skip += PAGE_SIZE; load(); });
  follow('books', () => load(), onLive);
  return load().catch((error) => showError($('#books-error'), error.message));
}
