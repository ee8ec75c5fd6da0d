/* Reload a page that waits for background work (data-refresh-every="SECONDS"). */
(function () {
  "use strict";
  var waiting = document.querySelector("[data-refresh-every]");
  if (!waiting) { return; }
  var seconds = parseInt(waiting.getAttribute("data-refresh-every"), 10) || 5;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
