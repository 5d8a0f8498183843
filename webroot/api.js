// Calls to the REST API. A refused request throws an Error with the API's own message.

export async function request(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
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
    socket.onopen = () => { backoff = 500; onState(true); };
    socket.onmessage = (message) => onEvent(JSON.parse(message.data));
    socket.onclose = () => {
      onState(false);
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 10000);
    };
  };
  connect();
}
