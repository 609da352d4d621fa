// Each clause's "Actions" menu on a position page: the pen-holder's (edit, move, delete…) and a reader's
// (history, follow, suggest changes), built from the page's one <template id="clause-menu">; without
// JavaScript the link opens the clause's actions page.
"use strict";

const menuUidOf = (item) => item.id.replace(/^clause-/, "");

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("#clauses a.clause-menu").forEach((link) => link.setAttribute("aria-expanded", "false"));
});

function closeMenus(except) {
  document.querySelectorAll("#clauses .clause-menu-panel").forEach((panel) => {
    if (panel === except) return;
    panel.closest(".clause")?.querySelector("a.clause-menu")?.setAttribute("aria-expanded", "false");
    panel.remove();
  });
}

function openMenu(link) {
  const clause = link.closest("li.clause");
  const model = document.getElementById("clause-menu");
  if (!clause || !model) return false;
  const number = clause.querySelector(".clause-number")?.textContent.trim() || "";
  const panel = document.createElement("div");
  panel.className = "clause-menu-panel";
  panel.id = `menu-${menuUidOf(clause)}`;
  panel.append(model.content.cloneNode(true));
  panel.querySelectorAll("[href], [formaction], [value='{uid}']").forEach((el) => {
    for (const name of ["href", "formaction", "value"]) {
      if (el.hasAttribute(name)) el.setAttribute(name, el.getAttribute(name).replace("{uid}", menuUidOf(clause)));
    }
  });
  // A reader's menu offers Follow or Unfollow, as the clause is followed (data-followed) or not.
  panel.querySelector(clause.hasAttribute("data-followed") ? ".follow-clause" : ".unfollow-clause")?.closest("li")?.remove();
  panel.querySelectorAll(".visually-hidden").forEach((span) => { span.textContent = span.textContent.replace("{number}", number); });
  const clauses = (item, step) => { let n = item[step]; while (n && !n.matches("li.clause")) n = n[step]; return n; };
  panel.querySelector("button.move-up")?.toggleAttribute("disabled", !clauses(clause, "previousElementSibling"));
  panel.querySelector("button.move-down")?.toggleAttribute("disabled", !clauses(clause, "nextElementSibling"));
  closeMenus();
  link.closest(".clause-head").append(panel);
  link.setAttribute("aria-expanded", "true");
  link.setAttribute("aria-controls", panel.id);
  panel.querySelector("a, button:not([disabled])")?.focus();
  return true;
}

document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("#clauses a.clause-menu");
  if (!link) return;
  event.preventDefault();
  const open = link.getAttribute("aria-expanded") === "true";
  if (open) { closeMenus(); link.focus(); } else if (!openMenu(link)) window.location = link.href;
});

// Escape closes the open menu and gives the focus back to its link.
document.addEventListener("keydown", (event) => {
  const panel = event.key === "Escape" && event.target.closest && event.target.closest(".clause-menu-panel");
  if (!panel) return;
  const link = panel.closest(".clause")?.querySelector("a.clause-menu");
  closeMenus();
  link?.focus();
});
