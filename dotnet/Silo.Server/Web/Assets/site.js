// Live lock state: follows item.locked / item.unlocked on /api/events (the session cookie
// authenticates the stream) and updates icons, buttons and the locks table without a reload.
(() => {
  'use strict';
  const body = document.body;
  const head = body.dataset.eventHead;
  if (head === undefined) return; // sign-in page: nothing to follow
  const me = body.dataset.user;
  const isAdmin = body.dataset.role === 'admin';

  // Same text as the server renders (Layout.Time), so a live tooltip reads like a rendered one.
  const when = iso => new Date(iso).toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
  const title = lock => `Locked by ${lock.locked_by} since ${when(lock.locked_at)}`;
  // Layout.LockText: the item page's sentence about the lock.
  const sentence = lock => !lock ? 'Not checked out.' : title(lock) + (lock.comment && lock.comment.trim() ? ` (${lock.comment})` : '');
  const itemPath = pn => '/items/' + encodeURIComponent(pn);

  function showIcons(pn, lock) {
    for (const el of document.querySelectorAll('[data-lock-for]')) {
      if (el.dataset.lockFor !== pn) continue;
      el.textContent = lock ? '🔒' : '';
      if (lock) el.title = title(lock); else el.removeAttribute('title');
    }
    for (const el of document.querySelectorAll('[data-lock-text-for]')) {
      if (el.dataset.lockTextFor === pn) el.textContent = sentence(lock);
    }
  }

  function showButtons(pn, lock) {
    for (const form of document.querySelectorAll('form[data-lock-action]')) {
      if (form.dataset.pn !== pn) continue;
      const mayUnlock = !!lock && (lock.locked_by === me || isAdmin);
      form.hidden = form.dataset.lockAction === 'lock' ? !!lock : !mayUnlock;
    }
  }

  function cell(text, href) {
    const td = document.createElement('td');
    if (href) {
      const a = document.createElement('a');
      a.href = href;
      a.textContent = text;
      td.append(a);
    } else {
      td.textContent = text ?? '';
    }
    return td;
  }

  function showInLocksTable(pn, lock) {
    const table = document.querySelector('table[data-locks-table]');
    if (!table) return;
    const tbody = table.tBodies[0];
    for (const row of [...tbody.rows]) if (row.dataset.pn === pn) row.remove();
    if (lock) {
      const row = document.createElement('tr');
      row.dataset.pn = pn;
      const icon = cell('🔒');
      icon.className = 'lock';
      icon.dataset.lockFor = pn;
      icon.title = title(lock);
      row.append(icon, cell(pn, itemPath(pn)), cell(lock.locked_by), cell(when(lock.locked_at)), cell(when(lock.expires_at)), cell(lock.comment));
      tbody.append(row);
    }
    const empty = document.querySelector('[data-locks-empty]');
    if (empty) empty.hidden = tbody.rows.length > 0;
  }

  function apply(pn, lock) {
    showIcons(pn, lock);
    showButtons(pn, lock);
    showInLocksTable(pn, lock);
  }

  // Resuming after the event head the page was rendered at: nothing between render and connect is missed.
  const events = new EventSource('/api/events?last_event_id=' + encodeURIComponent(head));
  events.addEventListener('open', () => { body.dataset.live = 'on'; });
  events.addEventListener('error', () => { body.dataset.live = 'off'; });
  events.addEventListener('item.locked', e => {
    const event = JSON.parse(e.data);
    apply(event.part_number, event.data);
  });
  events.addEventListener('item.unlocked', e => {
    const event = JSON.parse(e.data);
    apply(event.part_number, null);
  });
})();
