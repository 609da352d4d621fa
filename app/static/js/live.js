// Live position page: what others change appears without reload, and who is viewing or editing which clause.
// Messages carry only ids (app/live/routes.py); the changed parts are fetched from the page itself.
"use strict";

(() => {
  const panel = document.getElementById("live");
  if (!panel || !window.EventSource) return;
  const me = panel.dataset.me;
  const others = new Map();  // actor_id → {actor, state, uid, until}
  const changed = new Set();  // clause uids (or "*") to highlight after the next refresh
  let refreshTimer = null;
  let announced = {state: "", uid: ""};
  const say = (template, values) => template.replace(/\{(\w+)\}/g, (m, key) => values[key] ?? m);
  const clauseNode = (uid) => document.getElementById(`clause-${uid}`);
  const editorOpen = (node) => node && node.querySelector(".clause-editor form textarea");

  // --- presence ------------------------------------------------------------------------------------
  function current() {
    const open = Array.from(document.querySelectorAll("#clauses .clause")).find(editorOpen);
    return open ? {state: "editing", uid: open.id.replace(/^clause-/, "")} : {state: "viewing", uid: ""};
  }

  function announce(force) {
    const now = current();
    if (!force && now.state === announced.state && now.uid === announced.uid) return;
    announced = now;
    const body = new FormData();
    body.append("csrf_token", panel.dataset.csrf);
    body.append("state", now.state);
    body.append("clause", now.uid);
    fetch(panel.dataset.presence, {method: "POST", body, credentials: "same-origin"}).catch(() => {});
  }

  function renderPresence() {
    const list = panel.querySelector(".live-presence");
    const time = Date.now();
    list.innerHTML = "";
    document.querySelectorAll(".clause.live-editing").forEach((n) => n.classList.remove("live-editing"));
    for (const [id, who] of others) {
      if (who.until < time || who.state === "left") { others.delete(id); continue; }
      const item = document.createElement("li");
      item.className = "list-inline-item live-person";
      const node = who.uid && clauseNode(who.uid);
      if (who.state === "editing" && node) {
        const number = node.querySelector(".clause-number")?.textContent.trim() || "";
        item.textContent = say(panel.dataset.editing, {actor: who.actor, number});
        node.classList.add("live-editing");
        node.title = item.textContent;
      } else {
        item.textContent = say(panel.dataset.viewing, {actor: who.actor});
      }
      list.appendChild(item);
    }
    // The panel keeps its one line while empty: text never moves under someone selecting words.
    panel.classList.toggle("invisible", list.children.length === 0 && !panel.querySelector(".live-status").textContent);
  }

  function seen(message) {
    const known = others.has(String(message.actor_id));
    others.set(String(message.actor_id), {actor: message.actor, state: message.state, uid: message.clause_uid || "",
      until: Date.now() + 70000});
    if (!known && message.state !== "left") announce(true);  // a newcomer learns who is already here
    renderPresence();
  }

  // --- changes by others -----------------------------------------------------------------------------
  const changesText = (verb) => /^clause\./.test(verb || "") || verb === "comment.accepted";  // an accepted amendment rewrote it

  function warnEditor(message) {
    const node = message.clause_uid && changesText(message.verb) && clauseNode(message.clause_uid);
    if (!editorOpen(node) || String(message.actor_id) === me) return;
    const editor = node.querySelector(".clause-editor");
    let alert = editor.querySelector(".live-stale");
    if (!alert) {
      alert = document.createElement("div");
      alert.className = "alert alert-warning live-stale";
      alert.setAttribute("role", "alert");
      editor.prepend(alert);
    }
    alert.textContent = say(panel.dataset.stale, {actor: message.actor});
  }

  async function refresh() {
    refreshTimer = null;
    let html;
    try {
      const response = await fetch(window.location.pathname, {credentials: "same-origin", headers: {"X-Live": "1"}});
      if (!response.ok || response.redirected) return;
      html = await response.text();
    } catch (error) { return; }
    const fresh = new DOMParser().parseFromString(html, "text/html");
    const list = document.getElementById("clauses");
    const newList = fresh.getElementById("clauses");
    if (list && newList) {
      const items = Array.from(newList.children).map((item) => {
        const old = item.id && document.getElementById(item.id);
        // Never pull the text from under someone typing: an open editor (or comment form) stays as it is.
        if (old && old.querySelector(".clause-editor")?.children.length) return old;
        return document.adoptNode(item);
      });
      list.replaceChildren(...items);
    }
    for (const id of ["workflow", "bracket-total"]) {
      const old = document.getElementById(id);
      const updated = fresh.getElementById(id);
      if (old && updated && old.innerHTML !== updated.innerHTML) {
        old.replaceWith(document.adoptNode(updated));
        if (changed.has("*")) updated.classList.add("live-changed");
      }
    }
    for (const uid of changed) {
      const node = uid !== "*" && clauseNode(uid);
      if (node) { node.classList.remove("live-changed"); void node.offsetWidth; node.classList.add("live-changed"); }
    }
    changed.clear();
    renderPresence();
    panel.dataset.refreshed = String(Number(panel.dataset.refreshed || 0) + 1);
  }

  function onChange(event) {
    const message = JSON.parse(event.data);
    if (message.kind === "presence") { if (String(message.actor_id) !== me) seen(message); return; }
    if (message.kind === "hello") return;
    warnEditor(message);
    if (String(message.actor_id) !== me) {
      panel.querySelector(".live-status").textContent = say(panel.dataset.changed, {actor: message.actor || ""});
      panel.classList.remove("invisible");
    }
    changed.add(message.clause_uid || "*");
    if (!refreshTimer) refreshTimer = setTimeout(refresh, 250);
  }

  panel.classList.replace("d-none", "invisible");  // room for the line from the start, shown when someone is here
  const source = new EventSource(panel.dataset.stream);
  for (const kind of ["clause", "comment", "consent", "consultation", "transition", "version", "position", "resync", "presence", "hello"]) {
    source.addEventListener(kind, onChange);
  }
  source.addEventListener("open", () => {
    // After a reconnection (a stream ends every few minutes, or the network dropped) what happened meanwhile is unknown.
    if (panel.dataset.connected && !refreshTimer) { changed.add("*"); refreshTimer = setTimeout(refresh, 250); }
    panel.dataset.connected = "1";
    announce(true);
  });
  setInterval(() => announce(false), 2000);     // editing started or stopped
  setInterval(() => announce(true), 30000);     // still here
  setInterval(renderPresence, 10000);           // forget those who left without saying so
  window.addEventListener("pagehide", () => {
    const body = new FormData();
    body.append("csrf_token", panel.dataset.csrf);
    body.append("state", "left");
    navigator.sendBeacon(panel.dataset.presence, body);
    source.close();
  });
})();
