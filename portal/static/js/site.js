// Progressive enhancement only: the portal works the same without it.
(function () {
  "use strict";
  // Close the language chooser with Escape and return focus to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.langs[open]");
    if (!open) return;
    open.removeAttribute("open");
    open.querySelector("summary").focus();
  });
})();
