/*
 * The Cypher console: runs the query through /api/console in place (the form
 * still works without this script), fills the result table, and hands nodes
 * and relationships to the graph script (LineageGraph.draw, lineage-graph.js).
 * Every value is written with textContent: nothing from a result is parsed as HTML.
 */
(function () {
  "use strict";

  var form = document.getElementById("console-form");
  if (!form) return;
  var queryBox = document.getElementById("query");
  var paramsBox = document.getElementById("params");
  var statusLine = document.getElementById("console-status");
  var output = document.getElementById("console-output");
  var graphSection = document.getElementById("console-graph-section");
  var graphBox = document.getElementById("lineage-graph");
  var running = false;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function cellText(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function showError(status, message) {
    output.textContent = "";
    var box = el("div", "error-box");
    box.setAttribute("role", "alert");
    box.setAttribute("data-status", String(status));
    box.appendChild(el("strong", null, String(status)));
    box.appendChild(document.createTextNode(" " + message));
    output.appendChild(box);
    hideGraph();
  }

  function hideGraph() {
    if (graphSection) graphSection.hidden = true;
  }

  function drawGraph(graph) {
    if (!graphSection || !graphBox) return;
    if (!graph || !graph.nodes || !graph.nodes.length) { hideGraph(); return; }
    graphSection.hidden = false;
    if (window.LineageGraph && window.LineageGraph.draw) {
      window.LineageGraph.draw(graphBox, graph);
    } else {
      graphBox.textContent = "The graph script did not load.";
    }
  }

  function showResult(result) {
    output.textContent = "";
    var rows = result.rows || [];
    var columns = result.columns || [];
    var summary = el("p", "result-summary",
      rows.length.toLocaleString("en") + (rows.length === 1 ? " row" : " rows") +
      " in " + Math.round(result.elapsed_ms || 0).toLocaleString("en") + " ms");
    if (result.truncated) summary.appendChild(el("strong", null, " · " + (result.truncated_reason || "cut")));
    output.appendChild(summary);
    var wrap = el("div", "table-wrap");
    var table = el("table", "data result-table");
    var head = table.createTHead().insertRow();
    columns.forEach(function (c) {
      var th = el("th", null, c);
      th.scope = "col";
      head.appendChild(th);
    });
    var body = table.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      var values = Array.isArray(row) ? row : columns.map(function (c) { return row[c]; });
      values.forEach(function (v) { tr.insertCell().textContent = cellText(v); });
    });
    wrap.appendChild(table);
    output.appendChild(wrap);
    drawGraph(result.graph);
  }

  function run() {
    if (running) return;
    var params = {};
    var text = paramsBox.value.trim();
    if (text) {
      try {
        params = JSON.parse(text);
      } catch (err) {
        showError(400, "the parameters are not valid JSON: " + err.message);
        return;
      }
      if (params === null || typeof params !== "object" || Array.isArray(params)) {
        showError(400, "the parameters must be a JSON object such as {\"id\": \"w1\"}");
        return;
      }
    }
    running = true;
    statusLine.textContent = "Running…";
    form.setAttribute("data-state", "running");
    fetch(form.getAttribute("data-api"), {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ query: queryBox.value, params: params })
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; },
        function () { return { status: response.status, body: null }; });
    }).then(function (answer) {
      if (answer.status === 200 && answer.body) {
        showResult(answer.body);
        statusLine.textContent = "";
      } else {
        var error = (answer.body && answer.body.error) || { status: answer.status, message: "the server answered " + answer.status };
        showError(error.status, error.message);
        statusLine.textContent = "";
      }
    }, function () {
      showError(0, "the site could not be reached");
      statusLine.textContent = "";
    }).then(function () {
      running = false;
      form.setAttribute("data-state", "done");
    });
  }

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    // The download buttons post the form normally: the browser saves the file.
    if (submitter && submitter.value && submitter.value !== "html") return;
    event.preventDefault();
    run();
  });

  queryBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });

  Array.prototype.forEach.call(document.querySelectorAll("a.example[data-query]"), function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      queryBox.value = link.getAttribute("data-query");
      paramsBox.value = link.getAttribute("data-params") || "";
      queryBox.focus();
    });
  });

  // A result rendered by the server (the form posted without this script's help).
  if (graphBox && graphBox.getAttribute("data-graph")) {
    var start = function () {
      try { drawGraph(JSON.parse(graphBox.getAttribute("data-graph"))); } catch (err) { hideGraph(); }
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})();
