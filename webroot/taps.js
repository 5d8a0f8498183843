// The Taps view: the live feed of /sockets/beers, the latest beers (newest first) and each tap's
// share as a bar chart whose labels sit beside the bars.
import { request, follow, showError, coalesced } from './api.js';

const LATEST = 10;
const $ = (selector) => document.querySelector(selector);

// The newest beers by id; a beer that arrives on the socket while the first page loads is kept.
const latest = new Map();

function drawChart(stats) {
  const taps = Object.entries(stats.taps || {});
  $('#taps-total').textContent = `${stats.total} beers from ${taps.length} taps`;
  $('#tap-chart').replaceChildren(...taps.map(([tap, share]) => chartRow(tap, share)));
}

/**
 * One row of the chart: the tap's name, its bar, and its share just past the bar's end. The bar
 * is a share of the track less the room the share's text needs, so the text never overlaps it,
 * at any width.
 */
function chartRow(tap, share) {
  const row = document.createElement('li');
  row.dataset.tap = tap;
  const name = document.createElement('span');
  name.className = 'tap-name';
  name.textContent = `Tap ${tap}`;
  const track = document.createElement('span');
  track.className = 'tap-track';
  const bar = document.createElement('span');
  bar.className = 'tap-bar';
  bar.setAttribute('aria-hidden', 'true');
  const fraction = Math.max(0, Math.min(100, Number(share))) / 100;
  bar.style.width = `calc((100% - var(--share-room)) * ${fraction})`;
  const value = document.createElement('span');
  value.className = 'tap-share';
  value.textContent = `${share}%`;
  track.append(bar, value);
  row.append(name, track);
  return row;
}

function renderLatest() {
  const newest = [...latest.values()].sort((a, b) => b.id - a.id).slice(0, LATEST);
  latest.clear();
  newest.forEach((beer) => latest.set(beer.id, beer));
  $('#latest-beers').replaceChildren(...newest.map((beer) => {
    const item = document.createElement('li');
    item.dataset.id = beer.id;
    item.textContent = `#${beer.id}: tap ${beer.tapId}, ${beer.volume} ml (${beer.type})`;
    return item;
  }));
}

const loadLatest = coalesced(async () => {
  try {
    const page = await request('GET', `/api/beers?page=1&page_size=${LATEST}&sort=desc`);
    // Merged, not replaced: a beer the socket brought while this page was read stays.
    page.beers.forEach((beer) => latest.set(beer.id, beer));
    renderLatest();
  } catch (error) {
    showError($('#taps-error'), error.message);
  }
});

function onEvent(event) {
  if (event.event === 'beer.added') {
    latest.set(event.beer.id, event.beer);
    renderLatest();
  } else if (event.event === 'beer.deleted' && latest.has(event.id)) {
    // The next older beer takes its place: ask for the page again.
    latest.delete(event.id);
    renderLatest();
    loadLatest();
  } else if (event.event === 'stats') {
    drawChart(event);
  }
}

export function startTaps(onLive) {
  follow('beers', onEvent, onLive);
  request('GET', '/api/beers/stats').then(drawChart)
    .catch((error) => showError($('#taps-error'), error.message));
  loadLatest();
}
