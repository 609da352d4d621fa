// Plenipo: small progressive enhancements; every page works without this file.
"use strict";

// Edit a clause in place: load the edit form into the clause instead of leaving the page.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a.edit-clause");
  if (!link) return;
  const clause = link.closest(".clause");
  const editor = clause.querySelector(".clause-editor");
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
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
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
async function openCommentForm(link, quote) {
  const clause = link.closest(".clause");
  const editor = clause.querySelector(".clause-editor");
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
  const link = event.target.closest("a.add-comment");
  if (link && link.closest(".clause")) { event.preventDefault(); openCommentForm(link, ""); return; }
  const cancel = event.target.closest(".clause-editor a.cancel-comment");
  if (cancel) { event.preventDefault(); const clause = cancel.closest(".clause"); clause.querySelector(".clause-editor").innerHTML = ""; clause.querySelector("a.add-comment")?.focus(); }
});

// Select words in a clause, then "Comment on the selected words".
const selectionButton = document.createElement("button");
selectionButton.type = "button";
selectionButton.id = "selection-comment";
selectionButton.className = "btn btn-sm btn-warning d-none";
selectionButton.textContent = document.documentElement.lang === "fr" ? "Commenter la sélection" : document.documentElement.lang === "nl" ? "Reageer op selectie" : "Comment on the selected words";
document.addEventListener("DOMContentLoaded", () => document.body.appendChild(selectionButton));

function selectedQuote() {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const body = range.commonAncestorContainer.parentElement?.closest(".clause-body");
  if (!body) return null;
  const link = body.closest(".clause").querySelector("a.add-comment");
  const text = selection.toString().trim();
  return link && text ? {link, text, rect: range.getBoundingClientRect()} : null;
}

function showSelectionButton() {
  const found = selectedQuote();
  if (!found) { selectionButton.classList.add("d-none"); return; }
  selectionButton.style.top = `${window.scrollY + found.rect.bottom + 4}px`;
  selectionButton.style.left = `${window.scrollX + found.rect.left}px`;
  selectionButton.classList.remove("d-none");
  selectionButton.onclick = () => { selectionButton.classList.add("d-none"); openCommentForm(found.link, found.text); };
}

document.addEventListener("mouseup", () => setTimeout(showSelectionButton, 0));
document.addEventListener("keyup", (event) => { if (event.shiftKey) showSelectionButton(); });
