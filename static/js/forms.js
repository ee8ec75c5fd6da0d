/* Move focus to a form's error summary, so keyboard and screen-reader users start there. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
