// Switches between the views by the URL's hash, starts each view the first time it is shown,
// and shows whether the shown view's socket is live.
import { startBooks } from './books.js';
import { startTaps } from './taps.js';
import { startJobs } from './jobs.js';
import { startTasks } from './tasks.js';

const VIEWS = { books: startBooks, taps: startTaps, jobs: startJobs, tasks: startTasks };
const live = {};
const started = new Set();

function current() {
  const name = location.hash.slice(1);
  return Object.hasOwn(VIEWS, name) ? name : 'books';
}

function showLive() {
  const on = !!live[current()];
  const element = document.querySelector('#live');
  element.textContent = on ? 'live' : 'offline';
  element.classList.toggle('on', on);
}

function start(name) {
  if (started.has(name)) return;
  started.add(name);
  VIEWS[name]((on) => {
    live[name] = on;
    showLive();
  });
}

function show() {
  const shown = current();
  for (const name of Object.keys(VIEWS)) {
    document.querySelector(`#${name}-view`).hidden = name !== shown;
    const link = document.querySelector(`#nav-${name}`);
    if (name === shown) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${shown[0].toUpperCase()}${shown.slice(1)} · eventstack`;
  start(shown);
  showLive();
}

window.addEventListener('hashchange', show);
show();
// The books view follows its socket from the start, as it always has.
start('books');
