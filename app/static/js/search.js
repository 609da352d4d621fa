// "/" anywhere outside a text field puts the cursor in the navbar's search box.
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target.closest && target.closest("input, textarea, select, [contenteditable=''], [contenteditable=true]")) return;
  const box = document.getElementById("navbar-search");
  if (!box) return;
  event.preventDefault();
  box.focus();
  box.select();
});
