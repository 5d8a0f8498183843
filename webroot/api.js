// Calls to the REST API, the live sockets, and the small DOM helpers every view shares. A refused
// request throws an Error with the API's own message.

export async function request(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page, say): the status line is the message.
  }
  if (!response.ok) {
    throw new Error(json && json.message ? json.message : `${response.status} ${response.statusText}`);
  }
  return json;
}

/** A WebSocket on /sockets/{channel}?format=json that reconnects with backoff. */
export function follow(channel, onEvent, onState) {
  let backoff = 500;
  const connect = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/sockets/${channel}?format=json`);
    socket.onopen = () => {
      backoff = 500;
      onState(true);
    };
    socket.onmessage = (message) => onEvent(JSON.parse(message.data));
    socket.onclose = () => {
      onState(false);
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 10000);
    };
  };
  connect();
}

/** Shows a message in an error box (role=alert, so screen readers say it), or hides it. */
export function showError(element, message) {
  element.textContent = message;
  element.hidden = !message;
}

/** A button whose visible text is short and whose accessible name says what it acts on. */
export function button(text, label, className, onClick) {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  element.className = className;
  element.setAttribute('aria-label', label);
  element.addEventListener('click', onClick);
  return element;
}

/** A table cell with the given text and class. */
export function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  if (className) td.className = className;
  return td;
}

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A <time> for an ISO-8601 instant: the time of day when it is today, else with the date. */
export function timeElement(iso) {
  const element = document.createElement('time');
  if (!iso) return element;
  const date = new Date(iso);
  element.dateTime = iso;
  element.title = date.toString();
  element.textContent = date.toDateString() === new Date().toDateString()
    ? TIME.format(date) : DATE_TIME.format(date);
  return element;
}

/** "in 8 s", "in 3 min", "5 s ago": how far an instant is from now. */
export function relative(iso, now = Date.now()) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const size = Math.abs(seconds);
  const amount = size < 90 ? `${size} s` : size < 5400 ? `${Math.round(size / 60)} min`
    : size < 129600 ? `${Math.round(size / 3600)} h` : `${Math.round(size / 86400)} d`;
  return seconds >= 0 ? `in ${amount}` : `${amount} ago`;
}

/**
 * Runs {@code task} now, or once more after the run in flight when asked again meanwhile: many
 * events in a burst cost at most two requests.
 */
export function coalesced(task) {
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await task();
      } while (again);
    } finally {
      running = false;
    }
  };
  return run;
}
