// The Taps view: the live feed of /sockets/beers, the latest beers and each tap's share.
import { request, follow } from './api.js';

const LATEST = 10;
const $ = (selector) => document.querySelector(selector);
const SVG = 'http://www.w3.org/2000/svg';

function drawChart(stats) {
  const chart = $('#tap-chart');
  const taps = Object.entries(stats.taps || {});
  $('#taps-total').textContent = `${stats.total} beers from ${taps.length} taps`;
  const barHeight = Math.max(12, Math.min(28, 180 / Math.max(1, taps.length)));
  chart.setAttribute('viewBox', `0 0 400 ${Math.max(40, taps.length * (barHeight + 6) + 10)}`);
  chart.replaceChildren(...taps.flatMap(([tap, share], i) => {
    const y = 8 + i * (barHeight + 6);
    const bar = document.createElementNS(SVG, 'rect');
    bar.setAttribute('x', 70);
    bar.setAttribute('y', y);
    bar.setAttribute('height', barHeight);
    bar.setAttribute('width', Math.max(1, share * 2.6));
    bar.setAttribute('data-tap', tap);
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', 4);
    label.setAttribute('y', y + barHeight * 0.75);
    label.textContent = `Tap ${tap}: ${share}%`;
    return [bar, label];
  }));
}

function addBeer(beer) {
  const item = document.createElement('li');
  item.textContent = `#${beer.id}: tap ${beer.tapId}, ${beer.volume} ml (${beer.type})`;
  const list = $('#latest-beers');
  list.prepend(item);
  while (list.children.length > LATEST) list.lastElementChild.remove();
}

function onEvent(event) {
  if (event.event === 'beer.added') addBeer(event.beer);
  if (event.event === 'stats') drawChart(event);
}

export function startTaps() {
  follow('beers', onEvent, () => {});
  request('GET', '/api/beers/stats').then(drawChart).catch((error) => {
    $('#taps-error').textContent = error.message;
    $('#taps-error').hidden = false;
  });
  request('GET', `/api/beers?page=1&page_size=${LATEST}`).then((page) => {
    // The first page is the oldest; show the latest last-in, first on top.
    page.beers.forEach(addBeer);
  }).catch(() => {});
}
