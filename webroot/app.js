// Switches between the Books and Taps views by the URL's hash, and shows the live state.
import { startBooks } from './books.js';
import { startTaps } from './taps.js';

let tapsStarted = false;

function show() {
  const taps = location.hash === '#taps';
  document.querySelector('#books-view').hidden = taps;
  document.querySelector('#taps-view').hidden = !taps;
  document.querySelector('#nav-books').toggleAttribute('aria-current', !taps);
  document.querySelector('#nav-taps').toggleAttribute('aria-current', taps);
  if (taps && !tapsStarted) {
    tapsStarted = true;
    startTaps();
  }
}

function showLive(on) {
  const live = document.querySelector('#live');
  live.textContent = on ? 'live' : 'offline';
  live.classList.toggle('on', on);
}

window.addEventListener('hashchange', show);
show();
startBooks(showLive);
