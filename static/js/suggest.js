/* Occupation suggestions while a job title is typed (the form works without this file:
   its "Suggest occupations" button asks the server for the same choices). */
(function () {
  "use strict";

  var list = document.getElementById("occupation-options");
  if (!list) { return; }
  var title = document.getElementById(list.getAttribute("data-title-field"));
  var status = document.getElementById("occupation-status");
  var url = list.getAttribute("data-suggest-url");
  var timer = null;
  var latest = 0;

  function noneItem() {
    var inputs = list.querySelectorAll("input[type=radio]");
    for (var i = 0; i < inputs.length; i += 1) {
      if (inputs[i].value === "none") { return inputs[i].closest("li"); }
    }
    return null;
  }

  function option(suggestion, index, checked) {
    var item = document.createElement("li");
    var input = document.createElement("input");
    input.type = "radio";
    input.name = "noc_code";
    input.id = "noc_code-js-" + index;
    input.value = suggestion.code;
    input.checked = checked;
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.textContent = suggestion.label;
    item.appendChild(input);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(label);
    return item;
  }

  function show(suggestions) {
    var chosen = list.querySelector("input[type=radio]:checked");
    var keep = chosen ? chosen.value : null;
    var last = noneItem();
    Array.prototype.slice.call(list.children).forEach(function (child) {
      if (child !== last) { list.removeChild(child); }
    });
    suggestions.forEach(function (suggestion, index) {
      list.insertBefore(option(suggestion, index, suggestion.code === keep), last);
    });
    var noneLabel = last ? last.querySelector("label") : null;
    if (noneLabel) {
      noneLabel.textContent = list.getAttribute(
        suggestions.length ? "data-none-some" : "data-none-empty") || noneLabel.textContent;
    }
    if (status) {
      status.textContent = status.getAttribute(suggestions.length ? "data-some" : "data-none");
    }
  }

  function ask() {
    var query = title.value.trim();
    var ticket = latest += 1;
    if (query.length < 2) { show([]); return; }
    fetch(url + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : { suggestions: [] };
    }).then(function (data) {
      if (ticket === latest) { show(data.suggestions || []); }
    }).catch(function () { /* keep the current choices; the button still works */ });
  }

  if (title && url) {
    title.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 300);
    });
  }
}());
