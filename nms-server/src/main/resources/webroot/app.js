// The callhome NMS dashboard: plain JavaScript, no build step. It reads the HTTP API and follows
// GET /api/events (Server-Sent Events, read with fetch so that a bearer token can be sent), after
// showing the events the NMS kept from before (GET /api/events/recent, numbered as the stream is).
// When the NMS refuses the stream (too many open) or it fails, it polls the API instead, and says so.
// Every value from the API goes into the page as text, never as HTML. Until the first answer,
// each part of the page says it is loading; if the API fails, it says why in the same place.
'use strict';

const TOKEN_KEY = 'callhome-nms-token';
const MAX_EVENTS_SHOWN = 100;
const POLL_MS = 3000;           // how often the API is read while there is no event stream
const STREAM_RETRY_MS = 30000;  // how often the event stream is tried again meanwhile

const state = {
  token: sessionStorage.getItem(TOKEN_KEY) || '',
  devices: new Map(),        // row key -> device JSON; key = 'id:<id>' or 'fp:<fingerprint>'
  renderQueued: false,
  strategiesQueued: false,
  page: null,                // device id shown on the device page, or null
  drafts: new Map(),         // fingerprint -> id typed into its approve field (kept across renders)
  armed: new Set(),          // device ids whose revoke button was clicked once
  loaded: false,             // whether the device list has been read once
  lastSequence: 0,           // sequence of the newest event shown; streamed ones up to it are already listed
  streamError: '',           // why the event stream was refused or failed, while polling
};

const $ = (selector) => document.querySelector(selector);

function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') element.textContent = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) element.append(child);
  }
  return element;
}

// ---- API ------------------------------------------------------------------------------------

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  const response = await fetch(path, Object.assign({}, options, { headers, cache: 'no-store' }));
  if (response.status === 401) {
    $('#token-form').hidden = false;
    throw new Error('the API needs a bearer token: enter it at the top right');
  }
  return response;
}

async function apiJson(path, options) {
  const response = await api(path, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
  return body;
}

function showMessage(text, kind = 'info') {
  const message = $('#message');
  message.textContent = text;
  message.dataset.kind = kind;
  message.hidden = false;
  clearTimeout(showMessage.timer);
  showMessage.timer = setTimeout(() => { message.hidden = true; }, kind === 'error' ? 15000 : 6000);
}

// ---- devices --------------------------------------------------------------------------------

function keyOf(device) {
  return device.id ? 'id:' + device.id : 'fp:' + device.fingerprint;
}

async function loadDevices() {
  const devices = await apiJson('/api/devices');
  state.devices.clear();
  for (const device of devices) state.devices.set(keyOf(device), device);
  state.loaded = true;
  queueRender();
}

// A part of the page not loaded yet says why nothing came; once loaded, it keeps its last data.
function showLoadError(error) {
  const text = 'Cannot load from the API: ' + error.message;
  const parts = [
    ['#devices', '#devices tbody', () => el('tr', { class: 'placeholder' }, el('td', { colspan: 11, text }))],
    ['#events', '#events', () => el('li', { class: 'placeholder', text })],
    ['#strategies', '#strategies', () => el('p', { class: 'placeholder', text })],
  ];
  for (const [part, holder, placeholder] of parts) {
    if ($(part).dataset.state === 'loaded') continue;
    $(part).dataset.state = 'error';
    $(holder).replaceChildren(placeholder());
  }
}

function upsert(device) {
  if (device.id) state.devices.delete('fp:' + device.fingerprint);
  state.devices.set(keyOf(device), device);
}

function queueRender() {
  if (state.renderQueued) return;
  state.renderQueued = true;
  requestAnimationFrame(() => {
    state.renderQueued = false;
    renderDevices();
    if (state.page !== null) renderDevicePage(false);
  });
}

function sortedDevices() {
  return [...state.devices.values()].sort((a, b) => {
    if (a.trusted !== b.trusted) return a.trusted ? -1 : 1;
    if (a.trusted) return a.id.localeCompare(b.id, undefined, { numeric: true });
    return (b.lastAttempt || '').localeCompare(a.lastAttempt || '');
  });
}

function renderDevices() {
  if (!state.loaded) return;
  $('#devices').dataset.state = 'loaded';
  const body = $('#devices tbody');
  const focused = document.activeElement && document.activeElement.classList.contains('approve-id')
    ? document.activeElement.closest('tr').dataset.key : null;
  const rows = sortedDevices().map(deviceRow);
  body.replaceChildren(...rows);
  $('#no-devices').hidden = rows.length > 0;
  if (focused) {
    const input = body.querySelector('tr[data-key="' + CSS.escape(focused) + '"] input.approve-id');
    if (input) { input.focus(); input.setSelectionRange(input.value.length, input.value.length); }
  }
}

function deviceRow(device) {
  const name = device.id
    ? el('a', { href: '#/device/' + encodeURIComponent(device.id), class: 'device-link', text: device.id })
    : el('span', { class: 'unknown', text: device.claimedName ? 'unknown (logs in as ' + device.claimedName + ')' : 'unknown' });
  return el('tr', { 'data-key': device.id || device.fingerprint, 'data-state': device.state,
                    'data-trusted': String(device.trusted), 'data-strategy': device.strategy },
    el('td', { class: 'id' }, name),
    el('td', { class: 'strategy', text: device.strategy }),
    el('td', { class: 'state' }, el('span', { class: 'badge', 'data-state': device.state, text: device.state }),
      // a node of a cluster: which node shows the device so (for a connected one, the node holding it)
      device.node ? el('span', { class: 'node', title: 'NMS node', text: ' ' + device.node }) : null),
    el('td', { class: 'identity' }, ...identityCell(device.identity)),
    el('td', { class: 'fingerprint', text: device.fingerprint }),
    el('td', { class: 'address', text: device.remoteAddress || '' }),
    el('td', { class: 'since', title: device.since, text: ago(device.since) }),
    el('td', { class: 'attempts', text: String(device.attempts) }),
    el('td', { class: 'refusal' }, device.lastRefusal ? refusalBadge(device.lastRefusal) : null),
    el('td', { class: 'error' }, device.awaitingCall
      ? el('span', { class: 'awaiting', text: 'approved: waiting for its next call' }) : (device.lastError || '')),
    el('td', { class: 'actions' }, ...actionsFor(device)));
}

// ---- identity and refusals ------------------------------------------------------------------

const CA_VOUCHED = 'CA-vouched (not in the expected id list)';

// The API's identity.kind, in words.
const IDENTITY_KINDS = {
  'pinned-key': 'pinned key',
  'openssh-cert': 'OpenSSH certificate',
  'x509': 'X.509 certificate',
};

// Whether a certificate (OpenSSH or X.509) identified the device, rather than a pinned key.
function certified(identity) {
  return Boolean(identity) && (identity.kind === 'openssh-cert' || identity.kind === 'x509');
}

// What each refusal word the NMS gives (the API's lastRefusal, the rejected event's refusal) means.
const REFUSALS = {
  'unknown-device': 'no trusted device has this key',
  'wrong-key': 'a key other than the one pinned for this device',
  'already-connected': 'the device already had a live session',
  'revoked': 'the key or certificate is revoked (--revoked-keys, or through the API)',
  'pinned-key-mismatch': 'a certificate for an id pinned to another key: the pin wins until it is revoked or replaced',
  'unknown-ca': 'a certificate signed by a CA not in --device-ca',
  'unsupported-signature-algorithm': 'the CA signed with an algorithm that is not accepted',
  'bad-signature': 'the CA\'s signature on the certificate does not verify',
  'unsupported-key-type': 'the certified key is of a type that is not accepted',
  'wrong-certificate-type': 'a user certificate where a host certificate is needed, or the reverse',
  'key-usage': 'an X.509 certificate whose key usage does not allow digital signatures',
  'extended-key-usage': 'an X.509 certificate whose extended key usage does not allow this SSH role',
  'not-yet-valid': 'the certificate is not valid yet',
  'expired': 'the certificate has expired',
  'unsupported-critical-option': 'the certificate carries a critical option',
  'principal-count': 'the certificate names no principal, or several',
  'bad-principal': 'the certificate\'s principal cannot be a device id',
  'key-id-too-long': 'the certificate\'s key id is too long',
  'principal-mismatch': 'the certificate names another device than the one logging in',
  'unexpected-identity': 'the certificate names an id that is not in --device-ids',
};

function refusalText(refusal) {
  return REFUSALS[refusal] ? refusal + ': ' + REFUSALS[refusal] : refusal;
}

function refusalBadge(refusal) {
  return el('span', { class: 'refusal', 'data-refusal': refusal, title: refusalText(refusal), text: refusal });
}

// The device list's cell: how the device was identified, shortly; the rest is in its title.
function identityCell(identity) {
  if (!identity) return [];
  const certificate = certified(identity);
  const kind = el('span', { class: 'identity-kind', 'data-kind': identity.kind,
                            title: certificate ? certificateSummary(identity) : null,
                            text: IDENTITY_KINDS[identity.kind] || identity.kind });
  if (!certificate) return [kind];
  return [kind,
    el('span', { class: 'identity-detail', text: 'principal ' + identity.principal + ', serial ' + identity.serial }),
    identity.caVouched ? el('span', { class: 'ca-vouched', text: CA_VOUCHED }) : null];
}

function certificateSummary(identity) {
  if (identity.kind === 'x509') {
    return 'identity ' + identity.principal + ' (subject ' + identity.source + '), subject ' + identity.subject
      + ', issuer ' + identity.issuer + ', CA ' + identity.ca + ', serial ' + identity.serial
      + ', valid ' + validity(identity);
  }
  return 'principal ' + identity.principal + ', CA ' + identity.ca + ', serial ' + identity.serial
    + ', key id ' + identity.keyId + ', valid ' + validity(identity);
}

function validity(identity) {
  return identity.validAfter + ' to ' + (identity.validBefore || 'no end');
}

// A device with an id (trusted, or identified by a certificate) can be revoked; an unknown key approved.
function revocable(device) {
  return device.trusted || Boolean(device.id && certified(device.identity));
}

function actionsFor(device) {
  if (!revocable(device)) {
    const draft = state.drafts.get(device.fingerprint);
    const input = el('input', { class: 'approve-id', placeholder: 'device id', 'aria-label': 'device id',
                                value: draft !== undefined ? draft : (device.claimedName || ''),
                                oninput: () => state.drafts.set(device.fingerprint, input.value) });
    const button = el('button', { class: 'approve', type: 'button', text: 'Approve',
                                  onclick: () => approve(device, input.value.trim()) });
    return [input, ' ', button];
  }
  return [revokeButton(device.id)];
}

// Revoking asks twice: the first click arms the button for five seconds.
function revokeButton(id) {
  const armed = state.armed.has(id);
  const button = el('button', { class: 'revoke', type: 'button', 'data-armed': String(armed),
                                text: armed ? 'Really revoke?' : 'Revoke' });
  button.addEventListener('click', () => {
    if (!state.armed.has(id)) {
      state.armed.add(id);
      setTimeout(() => { state.armed.delete(id); queueRender(); }, 5000);
      queueRender();
      return;
    }
    state.armed.delete(id);
    revoke(id);
  });
  return button;
}

async function approve(device, id) {
  if (!id) {
    showMessage('Give the device an id before approving it.', 'error');
    return;
  }
  try {
    const trusted = await apiJson('/api/devices', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id, approveFingerprint: device.fingerprint }),
    });
    state.drafts.delete(device.fingerprint);
    upsert(trusted);
    queueRender();
    showMessage('Approved ' + id + ' (' + device.fingerprint + '). ' + trusted.trustTakesEffect);
  } catch (error) {
    showMessage('Approve failed: ' + error.message, 'error');
  }
}

async function revoke(id) {
  try {
    await apiJson('/api/devices/' + encodeURIComponent(id), { method: 'DELETE' });
    state.devices.delete('id:' + id);
    queueRender();
    showMessage('Revoked ' + id + '; its session was dropped.');
    if (state.page === id) location.hash = '#/';
  } catch (error) {
    showMessage('Revoke failed: ' + error.message, 'error');
  }
}

async function trustByKey(event) {
  event.preventDefault();
  const form = event.target;
  const field = (name) => form.elements.namedItem(name).value.trim();
  const body = { id: field('id'), strategy: field('strategy'), publicKey: field('publicKey') };
  try {
    const trusted = await apiJson('/api/devices', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    upsert(trusted);
    queueRender();
    form.reset();
    showMessage('Trusted ' + trusted.id + ' (' + trusted.fingerprint + '). ' + trusted.trustTakesEffect);
  } catch (error) {
    showMessage('Trust failed: ' + error.message, 'error');
  }
}

// ---- strategies panel -----------------------------------------------------------------------

function queueStrategies() {
  if (state.strategiesQueued) return;
  state.strategiesQueued = true;
  setTimeout(() => { state.strategiesQueued = false; loadStrategies(); }, 300);
}

async function loadStrategies() {
  try {
    const strategies = await apiJson('/api/strategies');
    $('#strategies').dataset.state = 'loaded';
    $('#strategies').replaceChildren(...strategies.map(strategyCard));
  } catch (error) {
    showLoadError(error);  // once shown, the last numbers stay
  }
}

function strategyCard(s) {
  const ms = (value) => value === undefined ? '–' : value.toFixed(1) + ' ms';
  const rows = [
    ['Serving', s.served ? 'on ' + s.listening : 'not served (see --mode)'],
    ['Trusted devices', s.trusted],
    ['Connected', s.devices.connected],
    ['Disconnected', s.devices.disconnected],
    ['Rejected (now)', s.devices.rejected],
    ['Auth failed (now)', s.devices['auth-failed']],
    ['Handshakes ok / failed', s.handshakes.count + ' / ' + s.handshakes.failed],
    ['Handshake p50', ms(s.handshakes.p50Millis)],
    ['Handshake p90', ms(s.handshakes.p90Millis)],
    ['Handshake p99', ms(s.handshakes.p99Millis)],
    ['Keys rejected', s.rejections],
    ['RPCs through the API', s.rpcs.count],
    ['RPC p50 / p99', ms(s.rpcs.p50Millis) + ' / ' + ms(s.rpcs.p99Millis)],
  ];
  return el('div', { class: 'card', 'data-strategy': s.strategy },
    el('h3', { text: s.strategy }),
    el('table', {}, el('tbody', {}, ...rows.map(([label, value]) =>
      el('tr', { 'data-metric': label }, el('td', { text: label }), el('td', { class: 'num', text: String(value) }))))));
}

// ---- device page ----------------------------------------------------------------------------

function route() {
  const match = location.hash.match(/^#\/device\/(.+)$/);
  const page = match ? decodeURIComponent(match[1]) : null;
  if (page !== state.page && page !== null) {
    setDeviceStatus('loading', 'Loading the device…');
    $('#device-title').textContent = page;
  }
  state.page = page;
  $('#overview').hidden = state.page !== null;
  $('#device-page').hidden = state.page === null;
  if (state.page !== null) renderDevicePage(true);
}

function setDeviceStatus(value, text) {
  const status = $('#device-status');
  status.dataset.state = value;
  status.textContent = text;
  status.hidden = value === 'loaded';
}

async function renderDevicePage(loadConfig) {
  const id = state.page;
  let device = state.devices.get('id:' + id);
  if (!device) {
    try {
      device = await apiJson('/api/devices/' + encodeURIComponent(id));
    } catch (error) {
      $('#device-title').textContent = id;
      setDeviceStatus('error', 'Cannot load the device: ' + error.message);
      return;
    }
    if (state.page !== id) return;
  }
  setDeviceStatus('loaded', '');
  $('#device-title').replaceChildren(device.id + ' ',
    el('span', { class: 'badge', 'data-state': device.state, text: device.state }));
  $('#device-actions').replaceChildren(revocable(device) ? revokeButton(device.id) : '');
  const security = device.security || {};
  const facts = [
    ['Strategy', device.strategy],
    ['State since', device.since],
    ['Trust takes effect', device.awaitingCall ? 'approved: at its next call, which it makes on its own reconnect schedule' : null],
    ['Key fingerprint', device.fingerprint],
    ['Remote address', device.remoteAddress],
    ['NETCONF session id', device.sessionId],
    ['Last handshake', device.lastHandshakeMillis === null ? null : device.lastHandshakeMillis + ' ms'],
    ['Peer verified by', security.peerVerification],
    ['Key exchange', security.keyExchange],
    ['Host key algorithm', security.hostKeyAlgorithm],
    ['Ciphers', security.cipherClientToServer && security.cipherClientToServer + ' / ' + security.cipherServerToClient],
    ['MACs', security.macClientToServer && security.macClientToServer + ' / ' + security.macServerToClient],
    ['Trusted through', device.trust && device.trust.source],
    ['Trusted at', device.trust && device.trust.trustedAt],
    ['Attempts', device.attempts],
    ['Last error', device.lastError],
    // someone refused as this trusted device: shown apart, it says nothing of the device itself
    ['Refused as this device', device.lastRefusedAttempt && device.refusedAttempts + ' time(s), last '
      + device.lastRefusedAttempt.at + ' from ' + device.lastRefusedAttempt.remoteAddress + ': '
      + device.lastRefusedAttempt.reason],
  ].filter(([, value]) => value !== null && value !== undefined && value !== '');
  $('#device-facts').replaceChildren(...facts.flatMap(([label, value]) =>
    [el('dt', { text: label }), el('dd', { text: String(value) })]));
  renderIdentity(device);
  renderWhoIsWho(device);
  $('#device-capabilities').replaceChildren(...(device.capabilities.length
    ? device.capabilities.map((capability) => el('li', { text: capability }))
    : [el('li', { class: 'hint', text: 'known once the device is connected' })]));
  if (loadConfig) {
    loadRunningConfig(id);
    resetModules();
  }
}

// The device's YANG modules are asked of the device only on demand: each listing is a <get> to it.
function resetModules() {
  const view = $('#device-modules');
  delete view.dataset.state;
  view.replaceChildren(el('li', { class: 'hint', text: 'asked of the device when you press List' }));
}

async function loadModules(id) {
  const view = $('#device-modules');
  view.dataset.state = 'loading';
  view.replaceChildren(el('li', { class: 'hint', text: 'loading…' }));
  try {
    const answer = await apiJson('/api/devices/' + encodeURIComponent(id) + '/schemas');
    if (state.page !== id) return;
    view.dataset.source = answer.source;
    view.replaceChildren(...(answer.schemas.length
      ? answer.schemas.map((schema) => el('li', {
        text: schema.version ? schema.identifier + '@' + schema.version : schema.identifier,
        title: schema.namespace,
      }))
      : [el('li', { class: 'hint', text: 'the device names no module' })]));
    view.dataset.state = 'loaded';
  } catch (error) {
    if (state.page !== id) return;
    view.replaceChildren(el('li', { class: 'hint', text: 'Cannot list the modules: ' + error.message }));
    view.dataset.state = 'error';
  }
}

// How the device was identified (what its last session's certificate said, or its pinned key),
// and why it was last refused, if it was since it last connected.
function renderIdentity(device) {
  const identity = device.identity;
  const rows = [];
  if (!identity) {
    rows.push(['Identified by', el('span', { class: 'hint', text: 'not identified: no key of it is trusted and '
      + 'no certificate of it was taken' })]);
  } else {
    rows.push(['Identified by', el('span', { class: 'identity-kind', 'data-kind': identity.kind,
                                             text: IDENTITY_KINDS[identity.kind] || identity.kind })]);
    if (identity.kind === 'openssh-cert') {
      rows.push(
        ['Principal', identity.principal],
        ['CA', el('code', { text: identity.ca })],
        ['Serial', identity.serial],
        ['Key id', identity.keyId],
        ['Valid after', identity.validAfter],
        ['Valid before', identity.validBefore || 'no end'],
        ['Vouched for', identity.caVouched ? el('span', { class: 'ca-vouched', text: CA_VOUCHED })
          : 'expected: named in --device-ids or trusted before it connected']);
    } else if (identity.kind === 'x509') {
      rows.push(
        ['Identity', identity.principal + ' (subject ' + identity.source + ')'],
        ['Subject', identity.subject],
        ['Issuer', identity.issuer],
        ['CA', el('code', { text: identity.ca })],
        ['Serial', identity.serial],
        ['Valid after', identity.validAfter],
        ['Valid before', identity.validBefore],
        ['Vouched for', identity.caVouched ? el('span', { class: 'ca-vouched', text: CA_VOUCHED })
          : 'expected: named in --device-ids or trusted before it connected']);
    }
  }
  rows.push(['Last refusal', device.lastRefusal
    ? el('span', { class: 'refusal', 'data-refusal': device.lastRefusal, text: refusalText(device.lastRefusal) })
    : el('span', { class: 'hint', text: 'none since it last connected' })]);
  $('#device-identity').replaceChildren(...rows.flatMap(([label, value]) => [
    el('dt', { text: label }),
    el('dd', { 'data-field': label.toLowerCase().replace(/ /g, '-') }, value)]));
}

const KEY_ROLES = {
  'device-host-key': 'device host key',
  'device-login-key': 'device login key',
  'nms-host-key': 'NMS host key',
  'nms-user-key': 'NMS user key',
};

// Who the session runs as on the device and whose each key is: the NMS states what it did itself;
// what only the device knows is shown only if the device said it (in its hello), and labelled so.
function renderWhoIsWho(device) {
  const security = device.security;
  const account = $('#device-account');
  const keys = $('#device-keys');
  if (!security) {
    account.dataset.reportedBy = '';
    account.textContent = 'known while the device is connected';
    keys.replaceChildren(el('li', { class: 'hint', text: 'known while the device is connected' }));
    return;
  }
  const a = security.netconfAccount;
  account.dataset.reportedBy = a.reportedBy || 'none';
  if (a.reportedBy === 'nms') {
    account.textContent = a.username + ' — the SSH username this NMS logged in as (' + a.source + ')';
  } else if (a.reportedBy === 'device-hello') {
    account.textContent = a.username + ' — the device\'s ' + (a.source === 'bind-account' ? 'bind account' : 'account')
      + ' (' + (a.source || 'source not reported') + '), as the device reported in its NETCONF hello';
  } else {
    account.textContent = 'not reported — the device runs the session as a local account of its own ('
      + a.source + '); its hello does not name it';
  }
  keys.replaceChildren(...security.keys.map((key) => {
    const whose = key.whose === 'nms' ? 'this NMS\'s' : device.id + '\'s';
    const checker = key.checkedBy === 'nms' ? 'this NMS' : device.id;
    const check = key.check
      ? 'checked by ' + checker + ' (' + key.check
        + (key.checkReportedBy === 'device-hello' ? ', as the device reported in its hello' : '') + ')'
      : 'accepted by ' + checker + ', which did not report how it checks it';
    return el('li', { 'data-role': key.role },
      (KEY_ROLES[key.role] || key.role) + ' — ' + whose + ', ' + check + ': ',
      el('code', { text: key.fingerprint }),
      key.file ? ' (key file ' + key.file + ')' : null);
  }));
}

async function loadRunningConfig(id) {
  const view = $('#device-config');
  view.dataset.state = 'loading';
  view.textContent = 'loading…';
  try {
    const response = await api('/api/devices/' + encodeURIComponent(id) + '/config');
    const text = await response.text();
    if (!response.ok) {
      let error = text;
      try { error = JSON.parse(text).error; } catch (ignored) { /* not JSON */ }
      throw new Error(error);
    }
    view.textContent = prettyXml(text);
    view.dataset.state = 'loaded';
  } catch (error) {
    view.textContent = 'Cannot read the running configuration: ' + error.message;
    view.dataset.state = 'error';
  }
}

// Indents XML for reading: parsed by the browser, written back as text (never as HTML).
function prettyXml(text) {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return text;
  const lines = [];
  const walk = (node, depth) => {
    const pad = '  '.repeat(depth);
    const attributes = [...node.attributes].map((a) => ' ' + a.name + '="' + a.value + '"').join('');
    const elements = [...node.childNodes].filter((child) => child.nodeType === Node.ELEMENT_NODE);
    const content = node.textContent.trim();
    if (elements.length === 0) {
      lines.push(content ? pad + '<' + node.nodeName + attributes + '>' + content + '</' + node.nodeName + '>'
                         : pad + '<' + node.nodeName + attributes + '/>');
      return;
    }
    lines.push(pad + '<' + node.nodeName + attributes + '>');
    elements.forEach((child) => walk(child, depth + 1));
    lines.push(pad + '</' + node.nodeName + '>');
  };
  walk(doc.documentElement, 0);
  return lines.join('\n');
}

// ---- event stream ---------------------------------------------------------------------------

function setStreamState(value, why = '') {
  const badge = $('#stream-state');
  badge.dataset.state = value;
  badge.textContent = value;
  badge.title = why;
}

// One case for each event type the NMS sends (its DeviceEvent.Kind; DeviceEventTest checks both lists agree).
function handleEvent(type, data, sequence) {
  switch (type) {
    case 'revoked':
      state.devices.delete('id:' + data.id);
      break;
    case 'approved':
    case 'rejected':
    case 'auth-failed':
    case 'connected':
    case 'disconnected':
      if (data.device) upsert(data.device);
      break;
    case 'rpc':
    case 'bootstrap-progress':
      break;  // changes no device: it is only listed
  }
  queueRender();
  queueStrategies();
  // streamed before the recent ones were read: already listed
  if (sequence === null || sequence > state.lastSequence) {
    if (sequence !== null) state.lastSequence = sequence;
    logEvent(type, data);
  }
}

// Lists the events the NMS kept, oldest first, as if they had just been streamed.
async function loadRecentEvents() {
  const recent = await apiJson('/api/events/recent');
  const list = $('#events');
  list.replaceChildren();
  for (const event of recent) logEvent(event.type, event.data);
  state.lastSequence = recent.length ? recent[recent.length - 1].sequence : 0;
  if (!recent.length) list.append(el('li', { class: 'placeholder', text: 'No events yet.' }));
  list.dataset.state = 'loaded';
}

function logEvent(type, data) {
  const who = data.id || data.fingerprint || '';
  const detail = type === 'rpc' ? data.operation + ' ' + data.outcome + ' in ' + data.millis + ' ms'
    : type === 'bootstrap-progress' ? data.serial + ' ' + data.progressType
    : (data.reason || data.strategy || '');
  const time = (data.time || new Date().toISOString()).slice(11, 23);
  const list = $('#events');
  list.querySelectorAll('li.placeholder').forEach((placeholder) => placeholder.remove());
  list.prepend(el('li', { 'data-type': type, text: time + '  ' + type + '  ' + who + '  ' + detail }));
  while (list.children.length > MAX_EVENTS_SHOWN) list.lastElementChild.remove();
}

function parseBlock(block) {
  let type = 'message';
  let sequence = null;
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('id:')) sequence = Number(line.slice(3).trim());
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (data.length) handleEvent(type, JSON.parse(data.join('\n')), sequence);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Reads the event stream until it ends; throws if the NMS refuses it (503: too many streams) or it fails.
async function readStream() {
  const response = await api('/api/events', { headers: { Accept: 'text/event-stream' } });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.error || ('HTTP ' + response.status));
  }
  // subscribed first, then the snapshot and the recent events: no change can fall between them
  await loadDevices();
  await loadRecentEvents();
  await loadStrategies();
  setStreamState('live');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      parseBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
}

// One round of polling instead of the stream: the devices, the recent events and the strategies.
async function pollOnce() {
  await loadDevices();
  await loadRecentEvents();
  await loadStrategies();
}

// Follows the event stream; while the NMS refuses it or it fails, polls every POLL_MS and says so,
// trying the stream again every STREAM_RETRY_MS.
async function followEvents() {
  for (;;) {
    setStreamState('connecting');
    try {
      await readStream();
      await sleep(2000);
      continue;
    } catch (error) {
      if (!$('#token-form').hidden) {
        setStreamState('token needed');
        showLoadError(error);
        await sleep(2000);
        continue;
      }
      state.streamError = error.message;
    }
    const retryAt = Date.now() + STREAM_RETRY_MS;
    while (Date.now() < retryAt) {
      try {
        await pollOnce();
        setStreamState('polling', 'no event stream (' + state.streamError + '): reading the API every '
          + POLL_MS / 1000 + ' s');
      } catch (error) {
        showLoadError(error);
        setStreamState(!$('#token-form').hidden ? 'token needed' : 'error', error.message);
      }
      await sleep(POLL_MS);
    }
  }
}

function ago(iso) {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return seconds + ' s ago';
  if (seconds < 3600) return Math.round(seconds / 60) + ' min ago';
  if (seconds < 86400) return Math.round(seconds / 3600) + ' h ago';
  return iso.slice(0, 10);
}

// ---- start ----------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('#token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    state.token = $('#token').value.trim();
    sessionStorage.setItem(TOKEN_KEY, state.token);
    $('#token-form').hidden = true;
    $('#token').value = '';
  });
  $('#trust-form').addEventListener('submit', trustByKey);
  $('#config-reload').addEventListener('click', () => state.page !== null && loadRunningConfig(state.page));
  $('#modules-load').addEventListener('click', () => state.page !== null && loadModules(state.page));
  window.addEventListener('hashchange', route);
  route();
  followEvents();
  setInterval(() => { queueRender(); loadStrategies(); }, 10000);
});
