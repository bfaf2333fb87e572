// The tokenkit admin console. It talks to the management API with the signed-in session (and the
// session's CSRF token on every change), writes every value as text (never as HTML), and keeps a
// shown-once secret only in the dialog that shows it: never in storage, a URL or a variable after
// the dialog closes.

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 20;
const REFILLS = { PT1H: '1h', PT24H: '1d', PT720H: '30d' }; // the form's choices, by ISO period
const SEARCH_PAGES = 50; // a name search reads at most this many pages of 100

let session = null;
let pageCursors = [null]; // the cursor of each page shown so far; the last is the current one
let nextCursor = null;
let editing = null; // the token being edited, or null when creating

class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.message || body.detail)) || 'the request failed (' + status + ')');
    this.status = status;
    this.error = body && body.error;
    this.field = body && body.field;
  }
}

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && session.csrf) {
    headers[session.csrf.header] = session.csrf.token;
  }
  const response = await fetch(session.api + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }
  return json;
}

const may = (permission) => session.admin.includes('tokens.' + permission);

function status(text) {
  $('status').textContent = text;
}

function when(instant) {
  if (!instant) {
    return '—';
  }
  return new Date(instant).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) {
    td.className = className;
  }
  row.append(td);
  return td;
}

function actionButton(label, token, handler, danger) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.setAttribute('aria-label', label + ' ' + token.name);
  if (danger) {
    button.className = 'danger';
  }
  button.addEventListener('click', () => handler(token));
  return button;
}

/** Active and expiring within the notice period (tokenkit.expiry-notices.notice-before). */
function expiringSoon(token) {
  if (token.state !== 'active' || !token.expiresAt) {
    return false;
  }
  const left = new Date(token.expiresAt).getTime() - Date.now();
  return left <= session.expiringSoonDays * 86400000;
}

function accessText(token) {
  const scope = token.access === 'custom' ? token.scopes.join(', ') || 'custom (nothing)' : token.access;
  const limits = token.rateLimits || [];
  const access = limits.length ? scope + ' · at most ' + limits.join(', ') : scope;
  if (token.remainingUses === null || token.remainingUses === undefined) {
    return access;
  }
  const refill = { PT1H: ' an hour', PT24H: ' a day', PT720H: ' per 30 days' }[token.usesRefill] || '';
  return access + ' · ' + token.remainingUses + (token.remainingUses === 1 ? ' use left' : ' uses left') + refill;
}

function renderRows(items) {
  const body = $('tokens').tBodies[0];
  body.replaceChildren();
  for (const token of items) {
    const row = document.createElement('tr');
    row.dataset.id = token.id;
    const name = cell(row, '');
    const strong = document.createElement('strong');
    strong.textContent = token.name;
    name.append(strong);
    if (token.description) {
      const description = document.createElement('div');
      description.className = 'description';
      description.textContent = token.description;
      name.append(description);
    }
    cell(row, token.kind);
    cell(row, token.owner || '—');
    cell(row, accessText(token));
    cell(row, when(token.createdAt));
    cell(row, when(token.lastUsedAt));
    const expires = cell(row, token.expiresAt ? when(token.expiresAt) : 'never');
    if (expiringSoon(token)) {
      const soon = document.createElement('span');
      soon.className = 'soon';
      soon.textContent = ' (expires soon)';
      expires.append(soon);
    }
    cell(row, token.state, 'state state-' + token.state);
    const actions = cell(row, '', 'actions');
    const live = token.state !== 'revoked';
    if (live && may('update')) {
      actions.append(actionButton('Edit', token, openEdit));
    }
    if (live && may('regenerate')) {
      actions.append(actionButton('Regenerate', token, regenerate));
      if (token.kind === 'server') {
        actions.append(actionButton('New JWT', token, newJwt));
      }
    }
    if (live && may('reveal') && session.reveal[token.kind]) {
      actions.append(actionButton('Reveal', token, reveal));
    }
    if (live && may('delete')) {
      actions.append(actionButton('Revoke', token, revoke, true));
    }
    if (may('delete')) {
      actions.append(actionButton('Delete', token, remove, true));
    }
    body.append(row);
  }
}

function filterQuery(limit, cursor) {
  const query = new URLSearchParams({ limit: String(limit) });
  const kind = $('filter-kind').value;
  const state = $('filter-state').value;
  const owner = $('filter-owner').value.trim();
  if (kind) query.set('kind', kind);
  if (state) query.set('state', state);
  if (owner) query.set('owner', owner);
  if (cursor) query.set('cursor', cursor);
  return '?' + query.toString();
}

async function load(message) {
  const search = $('search').value.trim().toLowerCase();
  try {
    if (search) {
      // The API filters by owner, kind and state; names are matched here, over every page.
      const found = [];
      let cursor = null;
      let pages = 0;
      do {
        const page = await call('GET', filterQuery(100, cursor));
        found.push(...page.items.filter((t) => t.name.toLowerCase().includes(search)));
        cursor = page.next;
        pages++;
      } while (cursor && pages < SEARCH_PAGES);
      renderRows(found);
      nextCursor = null;
      status(found.length + (found.length === 1 ? ' token matches' : ' tokens match') + (cursor ? ' (first ' + pages * 100 + ' searched)' : ''));
    } else {
      const page = await call('GET', filterQuery(PAGE_SIZE, pageCursors[pageCursors.length - 1]));
      renderRows(page.items);
      nextCursor = page.next;
      status(message || (page.items.length === 0 ? 'No tokens.' : 'Page ' + pageCursors.length + '.'));
    }
  } catch (e) {
    status(e.message);
  }
  $('next-page').disabled = !nextCursor;
  $('first-page').disabled = pageCursors.length === 1;
}

// ---- the create and edit form -------------------------------------------------------------

function lines(id) {
  return $(id).value.split(/[\n,]/).map((s) => s.trim()).filter((s) => s.length > 0);
}

function checked(name) {
  const input = document.querySelector('input[name="' + name + '"]:checked');
  return input ? input.value : null;
}

function buildScopes() {
  const box = $('scopes');
  box.replaceChildren();
  const byResource = new Map();
  for (const permission of session.permissions) {
    if (!byResource.has(permission.resource)) {
      byResource.set(permission.resource, []);
    }
    byResource.get(permission.resource).push(permission);
  }
  for (const [resource, permissions] of byResource) {
    const group = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = resource;
    group.append(legend);
    for (const permission of permissions) {
      const label = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.name = 'scope';
      input.value = permission.name;
      label.append(input, ' ' + permission.action);
      if (permission.read) {
        const mark = document.createElement('span');
        mark.className = 'read-mark';
        mark.textContent = ' (read)';
        label.append(mark);
      }
      group.append(label);
    }
    box.append(group);
  }
  if (byResource.size === 0) {
    box.textContent = 'You hold no permissions to grant.';
  }
}

function durationOptions(forEdit) {
  const select = $('token-duration');
  select.replaceChildren();
  const add = (value, text) => {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = text;
    select.append(option);
  };
  if (forEdit) {
    add('', 'keep the current expiry');
  }
  for (const duration of session.durations) {
    add(duration, duration === 'unlimited' ? 'unlimited' : duration.replace('d', ' days'));
  }
  add('date', 'until a date…');
  if (!forEdit && session.durations.includes(session.defaultDuration)) {
    select.value = session.defaultDuration;
  }
  if (session.latestExpiry) {
    $('token-expiry').max = session.latestExpiry.substring(0, 10);
  }
  $('token-expiry').min = new Date(Date.now() + 86400000).toISOString().substring(0, 10);
}

function showKindFields() {
  const kind = editing ? editing.kind : checked('kind');
  $('origins-field').hidden = kind !== 'browser';
  $('restricted-field').hidden = kind !== 'server';
  $('jwt-field').hidden = kind !== 'server' || editing !== null;
}

function showFormParts() {
  $('scopes').hidden = checked('access') !== 'custom';
  $('expiry-field').hidden = $('token-duration').value !== 'date';
  showKindFields();
}

function clearFormError() {
  $('form-error').textContent = '';
  for (const invalid of document.querySelectorAll('#token-form .invalid')) {
    invalid.classList.remove('invalid');
    invalid.removeAttribute('aria-invalid');
  }
}

function openCreate() {
  editing = null;
  $('token-form').reset();
  clearFormError();
  $('token-dialog-title').textContent = 'Create token';
  $('token-submit').textContent = 'Create';
  $('kind-field').hidden = false;
  $('owner-field').hidden = !may('impersonate');
  durationOptions(false);
  buildScopes();
  showFormParts();
  $('token-dialog').showModal();
}

function openEdit(token) {
  editing = token;
  $('token-form').reset();
  clearFormError();
  $('token-dialog-title').textContent = 'Edit ' + token.name;
  $('token-submit').textContent = 'Save';
  $('kind-field').hidden = true;
  $('owner-field').hidden = true;
  durationOptions(true);
  buildScopes();
  $('token-name').value = token.name;
  $('token-description').value = token.description || '';
  $('token-enabled').checked = token.enabled;
  document.querySelector('input[name="access"][value="' + token.access + '"]').checked = true;
  for (const box of document.querySelectorAll('input[name="scope"]')) {
    box.checked = token.scopes.includes(box.value);
  }
  $('token-roots').value = token.roots.join('\n');
  $('token-origins').value = token.origins.join('\n');
  $('token-cidrs').value = token.cidrs.join('\n');
  $('token-rate-limits').value = (token.rateLimits || []).join('\n');
  $('token-restricted').value = token.restrictedUser || '';
  $('token-uses').value = token.remainingUses === null || token.remainingUses === undefined ? '' : String(token.remainingUses);
  $('token-refill').value = REFILLS[token.usesRefill] || 'none';
  showFormParts();
  $('token-dialog').showModal();
}

function formBody() {
  const body = {
    name: $('token-name').value.trim(),
    description: $('token-description').value.trim(),
    enabled: $('token-enabled').checked,
    access: checked('access'),
    roots: lines('token-roots'),
    cidrs: lines('token-cidrs'),
    rateLimits: lines('token-rate-limits'),
  };
  const kind = editing ? editing.kind : checked('kind');
  if (!editing) {
    body.kind = kind;
    const owner = $('token-owner').value.trim();
    if (owner && may('impersonate')) {
      body.owner = owner;
    }
    if (kind === 'server' && $('token-jwt').checked) {
      body.issueJwt = true;
    }
  }
  const uses = $('token-uses').value.trim();
  if (uses) {
    body.uses = Number(uses);
  } else if (editing && editing.remainingUses !== null && editing.remainingUses !== undefined) {
    body.uses = 'unlimited';
  }
  // Sent only when it changes: setting a refill starts its first period now.
  const refill = $('token-refill').value;
  const before = editing ? REFILLS[editing.usesRefill] || 'none' : 'none';
  if (uses && refill !== before) {
    body.usesRefill = refill;
  }
  const duration = $('token-duration').value;
  if (duration === 'date') {
    body.expiresAt = $('token-expiry').value ? $('token-expiry').value + 'T23:59:59Z' : '';
  } else if (duration) {
    body.duration = duration;
  }
  if (body.access === 'custom') {
    body.scopes = [...document.querySelectorAll('input[name="scope"]:checked')].map((b) => b.value);
  }
  if (kind === 'browser') {
    body.origins = lines('token-origins');
  }
  if (kind === 'server') {
    const user = $('token-restricted').value.trim();
    if (user || editing) {
      body.restrictedUser = user;
    }
  }
  return body;
}

async function submitToken(event) {
  event.preventDefault();
  clearFormError();
  if (!$('token-name').value.trim()) {
    showFieldError('name', 'A name is required.');
    return;
  }
  try {
    if (editing) {
      const saved = await call('PATCH', '/' + encodeURIComponent(editing.id), formBody());
      $('token-dialog').close();
      await load('Saved ' + saved.name + '.');
    } else {
      const issued = await call('POST', '', formBody());
      $('token-dialog').close();
      showSecret(issued);
      await load('Created ' + issued.name + '.');
    }
  } catch (e) {
    showFieldError(e.field, e.message);
  }
}

function showFieldError(field, message) {
  $('form-error').textContent = message;
  const input = field ? document.querySelector('#token-form [name="' + field + '"]') : null;
  if (input) {
    input.classList.add('invalid');
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
}

// ---- the shown-once dialog ----------------------------------------------------------------

function showSecret(issued) {
  const values = $('secret-values');
  values.replaceChildren();
  const add = (label, value, id) => {
    if (!value) {
      return;
    }
    const block = document.createElement('div');
    block.className = 'secret';
    const title = document.createElement('strong');
    title.textContent = label;
    const code = document.createElement('code');
    code.id = id;
    code.textContent = value;
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.textContent = 'Copy';
    copy.setAttribute('aria-label', 'Copy ' + label.toLowerCase());
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(code.textContent);
        copy.textContent = 'Copied';
      } catch (e) {
        window.getSelection().selectAllChildren(code); // no clipboard here: select it instead
        copy.textContent = 'Selected: press Ctrl+C';
      }
    });
    block.append(title, code, copy);
    values.append(block);
  };
  add('Token', issued.token, 'secret-token');
  add('Key', issued.key, 'secret-key');
  add('Secret', issued.secret, 'secret-secret');
  add('Long-term JWT', issued.jwt, 'secret-jwt');
  $('secret-dialog-title').textContent = 'Copy the token for ' + issued.name + ' now';
  $('secret-dialog').showModal();
}

function forgetSecret() {
  $('secret-values').replaceChildren();
  $('secret-dialog-title').textContent = 'Copy your token now';
}

// ---- row actions --------------------------------------------------------------------------

let confirmAction = null;

function confirmThen(text, action, withGrace) {
  $('confirm-text').textContent = text;
  $('confirm-error').textContent = '';
  $('grace-field').hidden = !withGrace;
  $('grace').value = '0';
  confirmAction = action;
  $('confirm-dialog').showModal();
}

async function submitConfirm(event) {
  event.preventDefault();
  if (!confirmAction) {
    return;
  }
  try {
    const message = await confirmAction(Number($('grace').value || '0'));
    confirmAction = null;
    $('confirm-dialog').close();
    await load(message);
  } catch (e) {
    $('confirm-error').textContent = e.message;
  }
}

function regenerate(token) {
  confirmThen(
    'Regenerate ' + token.name + '? A new secret is made; the old one stops working (after the grace period).',
    async (grace) => {
      showSecret(await call('POST', '/' + encodeURIComponent(token.id) + '/regenerate', { graceSeconds: grace }));
      return 'Regenerated ' + token.name + '.';
    },
    true,
  );
}

function revoke(token) {
  confirmThen('Revoke ' + token.name + '? It stops working for good.', async () => {
    await call('POST', '/' + encodeURIComponent(token.id) + '/revoke');
    return 'Revoked ' + token.name + '.';
  });
}

function remove(token) {
  confirmThen('Delete ' + token.name + '? It stops working and disappears from this list.', async () => {
    await call('DELETE', '/' + encodeURIComponent(token.id));
    return 'Deleted ' + token.name + '.';
  });
}

async function reveal(token) {
  try {
    showSecret(await call('POST', '/' + encodeURIComponent(token.id) + '/reveal'));
  } catch (e) {
    status(e.message);
  }
}

async function newJwt(token) {
  try {
    const answer = await call('POST', '/' + encodeURIComponent(token.id) + '/jwt');
    showSecret({ name: token.name, jwt: answer.jwt });
    await load('Issued a new JWT for ' + token.name + '.');
  } catch (e) {
    status(e.message);
  }
}

// ---- start --------------------------------------------------------------------------------

function wire() {
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    pageCursors = [null];
    load();
  });
  $('next-page').addEventListener('click', () => {
    if (nextCursor) {
      pageCursors.push(nextCursor);
      load();
    }
  });
  $('first-page').addEventListener('click', () => {
    pageCursors = [null];
    load();
  });
  $('create-button').addEventListener('click', openCreate);
  $('token-form').addEventListener('submit', submitToken);
  $('token-form').addEventListener('change', showFormParts);
  $('token-cancel').addEventListener('click', () => $('token-dialog').close());
  $('confirm-form').addEventListener('submit', submitConfirm);
  $('confirm-cancel').addEventListener('click', () => $('confirm-dialog').close());
  $('secret-close').addEventListener('click', () => {
    forgetSecret();
    $('secret-dialog').close();
  });
  // However it closes (the button, Escape), the secret leaves the page.
  $('secret-dialog').addEventListener('cancel', forgetSecret);
  $('secret-dialog').addEventListener('close', forgetSecret);
}

async function start() {
  const response = await fetch(new URL('session', import.meta.url), {
    credentials: 'same-origin',
    cache: 'no-store',
  });
  session = await response.json();
  $('loading').hidden = true;
  if (!session.signedIn) {
    $('login-link').href = session.loginPage;
    $('signed-out').hidden = false;
    return;
  }
  $('who').textContent = 'Signed in as ' + session.user;
  if (!session.admin.includes('tokens.read')) {
    $('no-access').hidden = false;
    return;
  }
  $('create-button').hidden = !may('create');
  wire();
  $('console').hidden = false;
  await load();
}

start().catch((e) => {
  $('loading').textContent = 'The console could not start: ' + e.message;
});
