// The export form offers only what the chosen layout takes (exports/formats.py, in the options' data-*):
// comments and a redline only where the layout accepts them, only the formats that offer the layout.
// Without this file the server refuses an impossible combination, says why, and keeps the choices.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("export-form");
  if (!form) return;
  const layout = form.querySelector("#export-layout");
  const comments = form.querySelector("#export-comments");
  const redline = form.querySelector("#export-redline");
  const format = form.querySelector("#export-format");
  const update = () => {
    const chosen = layout.selectedOptions[0];
    const options = (chosen.dataset.options || "").split(" ");
    const offered = (chosen.dataset.formats || "").trim().split(/\s+/);
    comments.disabled = !options.includes("comments");
    if (comments.disabled) comments.checked = false;
    redline.disabled = !options.includes("redline_from");
    if (redline.disabled) redline.value = "";
    Array.from(format.options).forEach((option) => { option.disabled = !offered.includes(option.value); });
    if (format.selectedOptions[0]?.disabled) format.value = offered[0];
  };
  layout.addEventListener("change", update);
  update();
});
