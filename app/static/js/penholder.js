// Plenipo, the pen-holder's tools: a Markdown toolbar with live preview on the clause form, and
// reordering clauses by drag and drop. Both enhance what works without this file: the text area takes
// Markdown as typed, and every clause has "Move to…" (a page) and Up/Down buttons.
// Also each clause's "Actions" menu: built here from the page's one <template id="clause-menu">; without this file
// the link opens the clause's actions page.
"use strict";

const uidOf = (item) => item.id.replace(/^clause-/, "");

const EDIT = {
  bold: (s) => ({text: `**${s || "…"}**`}),
  italic: (s) => ({text: `*${s || "…"}*`}),
  list: (s) => ({text: (s || "…").split("\n").map((line) => `- ${line.replace(/^\s*[-*]\s+/, "")}`).join("\n")}),
  link: (s) => ({text: `[${s || "…"}](https://)`}),
  brackets: (s) => ({text: `[${s || "…"}]`}),
  alternatives: (s) => ({text: `[${s || "…"}] […]`}),
};

function applyEdit(area, name) {
  const start = area.selectionStart, end = area.selectionEnd;
  const {text} = EDIT[name](area.value.slice(start, end));
  area.focus();
  area.setRangeText(text, start, end, "select");
  area.dispatchEvent(new Event("input", {bubbles: true}));
}

function enhanceClauseForm(form) {
  if (form.dataset.enhanced) return;
  const area = form.querySelector("textarea[name=body]");
  const labels = JSON.parse(form.dataset.toolbar || "null");
  if (!area || !labels) return;
  form.dataset.enhanced = "1";
  const bar = document.createElement("div");
  bar.className = "btn-toolbar gap-1 mb-1 markdown-toolbar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", labels.toolbar);
  bar.setAttribute("aria-controls", area.id);
  Object.keys(EDIT).forEach((name) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-secondary";
    button.dataset.edit = name;
    button.textContent = labels[name];
    button.addEventListener("click", () => applyEdit(area, name));
    bar.append(button);
  });
  area.before(bar);
  const preview = document.createElement("div");
  preview.className = "clause-preview border rounded p-2 mt-2 bg-white";
  preview.setAttribute("aria-live", "polite");
  preview.setAttribute("aria-label", labels.preview);
  const title = document.createElement("div");
  title.className = "small text-muted";
  title.textContent = labels.preview;
  const body = document.createElement("div");
  body.className = "clause-body";
  preview.append(title, body);
  form.querySelector(".form-text")?.after(preview);
  let timer = null;
  const token = form.querySelector("input[name=csrf_token]")?.value || "";
  const refresh = async () => {
    const data = new URLSearchParams({csrf_token: token, body: area.value});
    try {
      const response = await fetch(form.dataset.preview, {method: "POST", body: data, credentials: "same-origin"});
      if (response.ok) body.innerHTML = await response.text();  // rendered by the server: Markdown without raw HTML
    } catch (error) { /* the preview is a help; saving still works */ }
  };
  area.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 300); });
  refresh();
}

function enhanceAll(root) {
  root.querySelectorAll("form.clause-form[data-toolbar]").forEach(enhanceClauseForm);
}

document.addEventListener("DOMContentLoaded", () => {
  enhanceAll(document);
  new MutationObserver((mutations) => mutations.forEach((m) => m.addedNodes.forEach((node) => {
    if (node.nodeType === Node.ELEMENT_NODE) enhanceAll(node.matches("form") ? node.parentElement : node);
  }))).observe(document.body, {childList: true, subtree: true});
  enableDragging(document.getElementById("clauses"));
});

// Drag a clause and drop it before or after another: POST …/move with `after`, as the "Move to…" page does.
function enableDragging(list) {
  if (!list || !list.dataset.base || !list.querySelector("a.clause-menu")) return;
  const status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  list.before(status);
  let dragged = null;
  // A handle to drag by (the words stay selectable for comments); keyboard users have "Move to…".
  list.querySelectorAll(":scope > li.clause").forEach((item) => {
    const handle = document.createElement("span");
    handle.className = "drag-handle";
    handle.draggable = true;
    handle.setAttribute("aria-hidden", "true");
    handle.title = list.dataset.dragLabel || "";
    handle.textContent = "⠿";
    item.querySelector(".clause-head")?.prepend(handle);
  });
  list.addEventListener("dragstart", (event) => {
    if (!event.target.closest || !event.target.closest(".drag-handle")) return;
    dragged = event.target.closest("li.clause");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", uidOf(dragged));
    dragged.classList.add("dragging");
  });
  list.addEventListener("dragend", () => { dragged?.classList.remove("dragging"); dragged = null; });
  list.addEventListener("dragover", (event) => {
    if (dragged && event.target.closest("li.clause")) event.preventDefault();
  });
  list.addEventListener("drop", async (event) => {
    const target = event.target.closest("li.clause");
    if (!dragged || !target || target === dragged) return;
    event.preventDefault();
    const rect = target.getBoundingClientRect();
    const below = event.clientY > rect.top + rect.height / 2;
    const previous = below ? target : target.previousElementSibling;
    const after = previous && previous !== dragged ? uidOf(previous) : (previous === dragged ? null : "");
    if (after === null) return;  // dropped where it already is
    await moveClause(list, dragged, after, status);
  });
}

async function moveClause(list, item, after, status) {
  // The list names the clauses' base URL; the page's one #clause-actions form holds the CSRF token.
  const url = new URL(`${list.dataset.base}${uidOf(item)}/move`, window.location.href).href;
  closeMenus();
  const token = document.querySelector("#clause-actions input[name=csrf_token]").value;
  const data = new URLSearchParams({csrf_token: token, after});
  try {
    const response = await fetch(url, {method: "POST", body: data, credentials: "same-origin",
                                       headers: {Accept: "application/json"}});
    if (!response.ok || response.redirected) { window.location.href = url; return; }
    const {order} = await response.json();
    const items = new Map(Array.from(list.querySelectorAll(":scope > li.clause")).map((li) => [uidOf(li), li]));
    order.forEach(({uid, number}) => {
      const li = items.get(uid);
      if (!li) return;
      list.append(li);
      const label = li.querySelector(".clause-number");
      if (label) label.textContent = number;
      li.querySelectorAll(".clause-tools .visually-hidden").forEach((span) => {
        span.textContent = span.textContent.replace(/\S+$/, number);
      });
    });
    const moved = order.find((o) => o.uid === uidOf(item));
    status.textContent = `${document.getElementById("clauses").dataset.movedLabel || "Moved to"} ${moved ? moved.number : ""}`;
  } catch (error) {
    window.location.reload();
  }
}
