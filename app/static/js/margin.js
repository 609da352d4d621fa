// Plenipo: margin comments. Threads of clauses coming into view load beside them; quoted words are
// highlighted in the clause and linked both ways; the suggestion form opens in place. Without this
// file, every link opens a page that does the same.
"use strict";

function clauseOf(node) { return node.closest(".clause"); }

// The k-th occurrence of `words` in the clause's rendered text, wrapped in <mark>s (one per text node).
function markQuote(body, words, occurrence, commentId) {
  const nodes = [];
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  let text = "";
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
  let at = -1;
  for (let k = 0; k <= occurrence; k++) { at = text.indexOf(words, at < 0 ? 0 : at + words.length); if (at < 0) return []; }
  const end = at + words.length;
  const marks = [];
  for (const [node, offset] of nodes) {
    const from = Math.max(at, offset), to = Math.min(end, offset + node.data.length);
    if (from >= to || !node.data.slice(from - offset, to - offset).trim()) continue;
    const range = document.createRange();
    range.setStart(node, from - offset);
    range.setEnd(node, to - offset);
    const mark = document.createElement("mark");
    mark.className = "quote-mark";
    mark.dataset.comment = commentId;
    range.surroundContents(mark);
    marks.push(mark);
  }
  if (marks.length) {
    marks[0].tabIndex = 0;
    marks[0].setAttribute("role", "link");
    marks[0].setAttribute("aria-label", `${words} (${(document.querySelector("script[data-quote-label]")?.dataset.quoteLabel) || "see the comment"})`);
  }
  return marks;
}

function highlightQuotes(root) {
  root.querySelectorAll(".quote-link[data-quote]").forEach((link) => {
    const clause = clauseOf(link);
    const body = clause && clause.querySelector(".clause-body");
    const thread = link.closest("li.comment");
    if (!body || !thread || body.querySelector(`mark.quote-mark[data-comment="${thread.dataset.comment}"]`)) return;
    if (thread.classList.contains("status-open")) markQuote(body, link.dataset.quote, Number(link.dataset.occurrence || 0), thread.dataset.comment);
  });
}

function activate(commentId, on) {
  document.querySelectorAll(`mark.quote-mark[data-comment="${commentId}"]`).forEach((m) => m.classList.toggle("active", on));
  document.getElementById(`comment-${commentId}`)?.classList.toggle("active", on);
}

// From the words to the thread, and back.
document.addEventListener("click", (event) => {
  const mark = event.target.closest("mark.quote-mark");
  if (mark) { goToThread(mark.dataset.comment); return; }
  const link = event.target.closest(".quote-link");
  if (link) {
    const thread = link.closest("li.comment");
    const first = document.querySelector(`mark.quote-mark[data-comment="${thread.dataset.comment}"]`);
    if (first) { event.preventDefault(); first.scrollIntoView({block: "center"}); first.focus(); activate(thread.dataset.comment, true); }
  }
});
document.addEventListener("keydown", (event) => {
  const mark = event.target.closest && event.target.closest("mark.quote-mark");
  if (mark && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); goToThread(mark.dataset.comment); }
});
function goToThread(commentId) {
  const thread = document.getElementById(`comment-${commentId}`);
  if (!thread) return;
  thread.querySelector("details")?.setAttribute("open", "");
  thread.scrollIntoView({block: "nearest"});
  const target = thread.querySelector(".quote-link") || thread;
  if (target === thread) thread.tabIndex = -1;
  target.focus();
  activate(commentId, true);
}
["focusin", "mouseover"].forEach((type) => document.addEventListener(type, (event) => {
  const thread = event.target.closest && event.target.closest("li.comment[data-comment]");
  const mark = event.target.closest && event.target.closest("mark.quote-mark");
  const id = thread ? thread.dataset.comment : mark ? mark.dataset.comment : null;
  document.querySelectorAll("mark.quote-mark.active, li.comment.active").forEach((n) => { if (!id || n.dataset.comment !== id) n.classList.remove("active"); });
  if (id) activate(id, true);
}));

// Threads of large positions: loaded when their clause comes near the screen.
async function loadThreads(slot) {
  if (slot.dataset.loaded) return Promise.resolve();
  slot.dataset.loaded = "1";
  try {
    const response = await fetch(slot.dataset.src, {credentials: "same-origin"});
    if (!response.ok || response.redirected) { delete slot.dataset.loaded; return; }
    slot.innerHTML = await response.text();
    highlightQuotes(slot);
  } catch (error) { delete slot.dataset.loaded; }
}

// The margins whose threads did not come with the page get a place to load them into.
function pendingSlots() {
  const slots = [];
  document.querySelectorAll(".clause-margin").forEach((margin) => {
    const count = margin.querySelector("a.thread-count");
    if (!count || margin.querySelector(".comment-threads, .threads-slot")) return;
    const slot = document.createElement("div");
    slot.className = "threads-slot";
    slot.dataset.src = count.href + "?fragment=1";
    margin.append(slot);
    slots.push(slot);
  });
  return slots;
}

document.addEventListener("DOMContentLoaded", () => {
  highlightQuotes(document);
  const slots = pendingSlots();
  if (!slots.length || !("IntersectionObserver" in window)) return;
  const observer = new IntersectionObserver((entries) => entries.forEach((entry) => {
    if (entry.isIntersecting) { observer.unobserve(entry.target); loadThreads(entry.target); }
  }), {rootMargin: "400px 0px"});
  slots.forEach((slot) => observer.observe(slot));
});
// The thread count of a clause whose threads are not loaded yet loads them in place.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".clause-margin a.thread-count");
  const slot = link && link.closest(".clause-margin").querySelector(".threads-slot");
  if (!slot) return;
  event.preventDefault();
  loadThreads(slot).then(() => { const first = slot.querySelector("li.comment"); if (first) { first.tabIndex = -1; first.focus(); } });
});

// Suggestion mode in place: the clause's text becomes editable under it (the link opens a page without JS).
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a.suggest-link");
  if (!link || !clauseOf(link)) return;
  event.preventDefault();
  const editor = clauseEditor(clauseOf(link));
  try {
    const response = await fetch(link.href + "?fragment=1", {credentials: "same-origin"});
    if (!response.ok || response.redirected) { window.location = link.href; return; }
    editor.innerHTML = await response.text();
    editor.querySelector("textarea")?.focus();
  } catch (error) { window.location = link.href; }
});

// Reply in the thread it answers: the form opens inside that thread.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a.reply-link");
  if (link) {
    event.preventDefault();
    const thread = link.closest("li.comment");
    let slot = thread.querySelector(".reply-slot");
    if (!slot) { slot = document.createElement("div"); slot.className = "reply-slot"; thread.append(slot); }
    try {
      const response = await fetch(link.href + "&fragment=1", {credentials: "same-origin"});
      if (!response.ok || response.redirected) { window.location = link.href; return; }
      slot.innerHTML = await response.text();
      slot.querySelector("textarea[name=body]")?.focus();
    } catch (error) { window.location = link.href; }
    return;
  }
  const cancel = event.target.closest(".reply-slot a.cancel-comment");
  if (cancel) {
    event.preventDefault();
    const thread = cancel.closest("li.comment");
    thread.querySelector(".reply-slot").innerHTML = "";
    thread.querySelector("a.reply-link")?.focus();
  }
});
