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
