// Plenipo: small progressive enhancements; every page works without this file.
"use strict";

// A clause's editor area (where its forms open in place), made when first needed: a long position page does not
// carry one empty area per clause.
function clauseEditor(clause) {
  let editor = clause.querySelector(".clause-editor");
  if (!editor) {
    editor = document.createElement("div");
    editor.className = "clause-editor";
    clause.append(editor);
  }
  return editor;
}

// Edit a clause in place: load the edit form into the clause instead of leaving the page.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a.edit-clause");
  if (!link) return;
  const clause = link.closest(".clause");
  if (!clause) return;
  const editor = clauseEditor(clause);
  event.preventDefault();
  try {
    const response = await fetch(link.href + (link.href.includes("?") ? "&" : "?") + "fragment=1", {credentials: "same-origin"});
    if (!response.ok || response.redirected) { window.location = link.href; return; }
    editor.innerHTML = await response.text();
    clause.querySelector(".clause-body")?.classList.add("d-none");
    editor.querySelector("textarea")?.focus();
  } catch (error) {
    window.location = link.href;
  }
});

// Cancel an in-place edit without reloading.
document.addEventListener("click", (event) => {
  const cancel = event.target.closest(".clause-editor a.cancel-edit");
  if (!cancel) return;
  event.preventDefault();
  const clause = cancel.closest(".clause");
  clause.querySelector(".clause-editor").innerHTML = "";
  clause.querySelector(".clause-body")?.classList.remove("d-none");
  clause.querySelector("a.edit-clause")?.focus();
});

// Ask before destructive actions.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form.confirm");
  const question = event.submitter?.dataset.confirm || (form && form.dataset.confirm);
  if (question && !window.confirm(question)) event.preventDefault();
});

// Never send a form twice by double-clicking.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented) return;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
  setTimeout(() => { delete form.dataset.sent; }, 5000);
});

// Comment in place: load the comment form under the clause (the link opens a page without JS).
async function openCommentForm(link, quote, clause = link.closest(".clause")) {
  const editor = clauseEditor(clause);
  let url = link.href + (link.href.includes("?") ? "&" : "?") + "fragment=1";
  if (quote) url += "&quote=" + encodeURIComponent(quote);
  try {
    const response = await fetch(url, {credentials: "same-origin"});
    if (!response.ok || response.redirected) { window.location = link.href; return; }
    editor.innerHTML = await response.text();
    const form = editor.querySelector("form");
    toggleAmendment(form);
    (form.querySelector("textarea[name=body]") || form.querySelector("textarea")).focus();
  } catch (error) {
    window.location = link.href;
  }
}

function toggleAmendment(form) {
  const kind = form && form.querySelector(".comment-kind");
  const box = form && form.querySelector(".amendment-only");
  if (kind && box) box.classList.toggle("d-none", kind.value !== "amendment");
}

document.addEventListener("change", (event) => {
  if (event.target.matches(".comment-kind")) toggleAmendment(event.target.closest("form"));
});

document.addEventListener("click", (event) => {
  const link = event.target.closest("a.add-comment:not(.reply-link)");  // replies open in their thread (margin.js)
  if (link && link.closest(".clause")) { event.preventDefault(); openCommentForm(link, ""); return; }
  const cancel = event.target.closest(".clause-editor a.cancel-comment");
  if (cancel) { event.preventDefault(); const clause = cancel.closest(".clause"); clause.querySelector(".clause-editor").innerHTML = ""; (clause.querySelector("a.add-comment") || clause.querySelector("a.clause-menu"))?.focus(); }
});

// Select words in a clause, then "Comment on the selected words".
const selectionButton = document.createElement("button");
selectionButton.type = "button";
selectionButton.id = "selection-comment";
selectionButton.className = "btn btn-sm btn-warning d-none";
// The label comes translated from the page (base.html: <body data-selection-label>).
selectionButton.textContent = document.body.dataset.selectionLabel || "Comment on the selected words";
document.addEventListener("DOMContentLoaded", () => document.body.appendChild(selectionButton));

// The pen-holder's Comment link is in the clause's menu (a <template> until opened): its address, for the selection.
function menuCommentLink(clause) {
  const model = document.getElementById("clause-menu")?.content.querySelector("a.add-comment");
  if (!model || !clause.id.startsWith("clause-")) return null;
  const link = document.createElement("a");
  link.href = model.getAttribute("href").replace("{uid}", clause.id.slice("clause-".length));
  return link;
}

function selectedQuote() {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const body = range.commonAncestorContainer.parentElement?.closest(".clause-body");
  if (!body) return null;
  const clause = body.closest(".clause");
  const link = clause.querySelector("a.add-comment") || menuCommentLink(clause);
  const text = selection.toString().trim();
  return link && text ? {link, clause, text, rect: range.getBoundingClientRect()} : null;
}

function showSelectionButton() {
  const found = selectedQuote();
  if (!found) { selectionButton.classList.add("d-none"); return; }
  selectionButton.style.top = `${window.scrollY + found.rect.bottom + 4}px`;
  selectionButton.style.left = `${window.scrollX + found.rect.left}px`;
  selectionButton.classList.remove("d-none");
  selectionButton.onclick = () => {
    selectionButton.classList.add("d-none");
    window.getSelection().removeAllRanges();  // else the mouseup on this button shows it again
    openCommentForm(found.link, found.text, found.clause);
  };
}

document.addEventListener("mouseup", (event) => { if (event.target !== selectionButton) setTimeout(showSelectionButton, 0); });
document.addEventListener("keyup", (event) => { if (event.shiftKey) showSelectionButton(); });

// Never lose typed text: what is typed in a form with a text area is kept in this tab's sessionStorage
// until the save is confirmed. If the save fails (expired session, refused form), the text is offered
// back ("Restore") the next time the same form is shown, e.g. after logging in again. Drafts are kept per
// user (<body data-draft-owner>), so whoever logs in next on this tab never sees them, and logging out
// forgets them all.
const DRAFT_PREFIX = "plenipo-draft:";
const DRAFT_MAX_AGE_MS = 12 * 3600 * 1000;

function ownerPrefix() {
  const owner = document.body.dataset.draftOwner;
  return owner ? `${DRAFT_PREFIX}${owner}:` : null;
}

function draftKey(form) {
  const prefix = ownerPrefix();
  if (!prefix) return null;
  return prefix + new URL(form.getAttribute("action") || window.location.href, window.location.href).pathname;
}

function forgetDrafts(keep) {
  for (let i = window.sessionStorage.length - 1; i >= 0; i -= 1) {
    const key = window.sessionStorage.key(i);
    if (key && key.startsWith(DRAFT_PREFIX) && !keep(key)) window.sessionStorage.removeItem(key);
  }
}

function draftFields(form) {
  return Array.from(form.querySelectorAll("textarea[name], input[type=text][name]")).filter((el) => !el.readOnly);
}

function keptForm(form) {
  return form instanceof HTMLFormElement && form.method.toLowerCase() === "post" && form.querySelector("textarea[name]");
}

function readDraft(key) {
  try { return JSON.parse(window.sessionStorage.getItem(key) || "null"); } catch (error) { return null; }
}

function keepDraft(form, submitted) {
  const fields = {};
  draftFields(form).forEach((el) => { if (el.value.trim()) fields[el.name] = el.value; });
  const key = draftKey(form);
  if (!key) return;
  try {
    if (Object.keys(fields).length) window.sessionStorage.setItem(key, JSON.stringify({fields, at: Date.now(), submitted}));
    else window.sessionStorage.removeItem(key);
  } catch (error) { /* storage full or disabled: the server-side page still keeps the text */ }
}

document.addEventListener("input", (event) => {
  const form = event.target.closest && event.target.closest("form");
  if (keptForm(form)) keepDraft(form, false);
});
document.addEventListener("submit", (event) => { if (keptForm(event.target)) keepDraft(event.target, true); }, true);
document.addEventListener("submit", (event) => { if (event.target.matches("form.logout")) forgetDrafts(() => false); }, true);

function offerRestore(root) {
  root.querySelectorAll("form").forEach((form) => {
    if (!keptForm(form) || form.querySelector(".draft-restore")) return;
    const key = draftKey(form);
    if (!key) return;
    const draft = readDraft(key);
    if (!draft || !draft.fields) return;
    const fields = draftFields(form);
    const same = fields.every((el) => (draft.fields[el.name] || "") === el.value || !(el.name in draft.fields));
    if (same || Date.now() - draft.at > DRAFT_MAX_AGE_MS) { window.sessionStorage.removeItem(key); return; }
    const labels = document.body.dataset;
    const notice = document.createElement("div");
    notice.className = "alert alert-warning draft-restore d-flex flex-wrap gap-2 align-items-center";
    notice.setAttribute("role", "status");
    const text = document.createElement("span");
    text.textContent = `${labels.draftFound || "You typed text here that was not saved"} (${new Date(draft.at).toLocaleString(document.documentElement.lang === "en" ? "en-GB" : (document.documentElement.lang || undefined))}).`;
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "btn btn-sm btn-primary";
    restore.textContent = labels.draftRestore || "Restore the text";
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-secondary";
    discard.textContent = labels.draftDiscard || "Discard it";
    restore.addEventListener("click", () => {
      fields.forEach((el) => { if (el.name in draft.fields) el.value = draft.fields[el.name]; });
      notice.remove();
      (form.querySelector("textarea[name=body]") || form.querySelector("textarea")).focus();
    });
    discard.addEventListener("click", () => { window.sessionStorage.removeItem(key); notice.remove(); });
    notice.append(text, restore, discard);
    form.prepend(notice);
  });
}

function forgetSavedDrafts() {
  // A confirmed save (success or "merged" message) means this user's submitted text is stored on the server.
  const prefix = ownerPrefix();
  if (!prefix || !document.querySelector("main .alert-success, main .alert-warning:not(.draft-restore)")) return;
  forgetDrafts((key) => !key.startsWith(prefix) || !readDraft(key)?.submitted);
}

document.addEventListener("DOMContentLoaded", () => {
  forgetSavedDrafts();
  offerRestore(document);
  // Forms loaded in place (edit a clause, comment) get the same offer.
  new MutationObserver((mutations) => mutations.forEach((m) => m.addedNodes.forEach((node) => {
    if (node.nodeType === Node.ELEMENT_NODE) offerRestore(node.matches("form") ? node.parentElement : node);
  }))).observe(document.body, {childList: true, subtree: true});
});
