// Draws the API reference from /api/v1/openapi.json: no other host, no framework.
(function () {
  "use strict";
  var root = document.getElementById("api-reference");
  if (!root) { return; }
  var label = function (name) { return root.dataset["label" + name] || name; };

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function refName(schema) {
    if (!schema) { return ""; }
    if (schema.$ref) { return schema.$ref.split("/").pop(); }
    return JSON.stringify(schema);
  }

  function operation(path, method, op) {
    var section = el("section", null, "api-operation");
    var heading = el("h3");
    heading.appendChild(el("code", method.toUpperCase() + " " + path));
    section.appendChild(heading);
    section.appendChild(el("p", op.summary));
    if (op.description) { section.appendChild(el("p", op.description)); }
    if (op.security && op.security.length) {
      section.appendChild(el("p", label("Scope") + " : " + op.security[0].bearer.join(", ")));
    }
    if (op.parameters && op.parameters.length) {
      section.appendChild(el("h4", label("Parameters")));
      var list = el("ul");
      op.parameters.forEach(function (p) {
        list.appendChild(el("li", p.name + " (" + p.in + (p.required ? ", required" : "") +
          ") " + JSON.stringify(p.schema)));
      });
      section.appendChild(list);
    }
    if (op.requestBody) {
      section.appendChild(el("h4", label("Body")));
      section.appendChild(el("p", refName(op.requestBody.content["application/json"].schema)));
    }
    section.appendChild(el("h4", label("Responses")));
    var responses = el("ul");
    Object.keys(op.responses).forEach(function (status) {
      var response = op.responses[status];
      var content = response.content || {};
      var type = Object.keys(content)[0];
      responses.appendChild(el("li", status + " " + response.description +
        (type ? " — " + type + " " + refName(content[type].schema) : "")));
    });
    section.appendChild(responses);
    return section;
  }

  fetch(root.dataset.spec, { credentials: "omit" })
    .then(function (response) { return response.json(); })
    .then(function (spec) {
      root.textContent = "";
      var byTag = {};
      Object.keys(spec.paths).forEach(function (path) {
        Object.keys(spec.paths[path]).forEach(function (method) {
          var op = spec.paths[path][method];
          var tag = (op.tags || ["API"])[0];
          (byTag[tag] = byTag[tag] || []).push(operation(path, method, op));
        });
      });
      Object.keys(byTag).forEach(function (tag) {
        root.appendChild(el("h2", tag));
        byTag[tag].forEach(function (section) { root.appendChild(section); });
      });
      root.appendChild(el("h2", label("Schemas")));
      Object.keys(spec.components.schemas).forEach(function (name) {
        var details = el("details");
        details.appendChild(el("summary", name));
        details.appendChild(el("pre", JSON.stringify(spec.components.schemas[name], null, 2)));
        root.appendChild(details);
      });
    })
    .catch(function () { root.textContent = "openapi.json"; });
}());
