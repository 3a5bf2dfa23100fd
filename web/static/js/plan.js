/* The plan page: a search box that adds the chosen work's id to the list of works (one a line).
 *
 * The box (#plan-add, hidden without JavaScript) uses suggest.js; a chosen suggestion's id is
 * appended to the textarea unless it is already listed, and the box is cleared for the next one.
 */
(function () {
  "use strict";

  function start() {
    var box = document.getElementById("plan-add");
    var list = document.getElementById("plan-works");
    if (!box || !list) return;
    box.closest("label").hidden = false;
    box.addEventListener("suggest:choose", function (event) {
      event.preventDefault();
      var id = event.detail.id;
      var ids = list.value.split(/[\n,]/).map(function (s) { return s.trim(); }).filter(Boolean);
      if (ids.indexOf(id) < 0) ids.push(id);
      list.value = ids.join("\n") + "\n";
      box.value = "";
      box.focus();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
