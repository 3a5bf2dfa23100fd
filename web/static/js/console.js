/*
 * The Cypher console: runs the query through /api/console in place (the form
 * still works without this script) and shows the result as Neo4j Browser does:
 * a table of nodes (label and caption), relationships (type) and paths (chains)
 * whose properties open on a click, the graph (LineageGraph.draw,
 * lineage-graph.js) and the JSON, one at a time. The address follows the query
 * (/console?query=...&params=...), so a link reruns it.
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
  var permalink = document.getElementById("console-permalink");
  var captionKeys = JSON.parse(output.getAttribute("data-caption-keys") || "[]");
  var running = false;
  var view = "table";
  var lastGraph = null;

  // The editor (js/cypher-editor-*.js) replaces the text area when it loaded; these read and write either.
  var editor = null;
  function queryText() { return editor ? editor.getValue() : queryBox.value; }
  function setQueryText(text) { if (editor) editor.setValue(text); else queryBox.value = text; }

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

  // -- graph values (the shapes lineage.console.run_readonly writes; web/console_support.kind) --------
  function sameKeys(value, keys) {
    var own = Object.keys(value);
    return own.length === keys.length && keys.every(function (k) { return Object.prototype.hasOwnProperty.call(value, k); });
  }

  function kind(value) {
    if (!value || typeof value !== "object" || Array.isArray(value)) return null;
    if (sameKeys(value, ["id", "labels", "properties"])) return "node";
    if (sameKeys(value, ["id", "type", "start", "end", "properties"])) return "relationship";
    if (sameKeys(value, ["nodes", "relationships"])) return "path";
    return null;
  }

  function caption(node) {
    var props = node.properties || {};
    for (var i = 0; i < captionKeys.length; i++) {
      var v = props[captionKeys[i]];
      if (v !== null && v !== undefined && v !== "") return cellText(v);
    }
    return (node.labels && node.labels[0]) || String(node.id);
  }

  function propsTable(properties) {
    var keys = Object.keys(properties || {}).sort();
    if (!keys.length) return el("p", "muted gv-props", "No properties.");
    var table = el("table", "properties gv-props");
    var body = table.createTBody();
    keys.forEach(function (k) {
      var tr = body.insertRow();
      var th = el("th", null, k);
      th.scope = "row";
      tr.appendChild(th);
      tr.insertCell().textContent = cellText(properties[k]);
    });
    return table;
  }

  function nodeView(node) {
    var box = el("details", "gv gv-node");
    var summary = el("summary");
    (node.labels || []).forEach(function (label) { summary.appendChild(el("span", "gv-label", ":" + label)); });
    summary.appendChild(document.createTextNode(" "));
    summary.appendChild(el("span", "gv-caption", caption(node)));
    box.appendChild(summary);
    box.appendChild(propsTable(node.properties));
    return box;
  }

  function relView(rel) {
    var box = el("details", "gv gv-rel");
    var summary = el("summary");
    summary.appendChild(el("span", "gv-type", "[:" + rel.type + "]"));
    box.appendChild(summary);
    box.appendChild(propsTable(rel.properties));
    return box;
  }

  function pathView(path) {
    var box = el("span", "gv-path");
    var nodes = path.nodes || [], rels = path.relationships || [];
    nodes.forEach(function (node, i) {
      box.appendChild(nodeView(node));
      var rel = rels[i];
      if (i < nodes.length - 1 && rel) {
        var forward = rel.start === node.id;
        var step = el("span", "gv-step");
        step.appendChild(document.createTextNode(forward ? "-" : "<-"));
        step.appendChild(relView(rel));
        step.appendChild(document.createTextNode(forward ? "->" : "-"));
        box.appendChild(step);
      }
    });
    return box;
  }

  function valueView(value) {
    var k = kind(value);
    if (k === "node") return nodeView(value);
    if (k === "relationship") return relView(value);
    if (k === "path") return pathView(value);
    if (Array.isArray(value) && value.some(kind)) {
      var list = el("span", "gv-list", "[");
      value.forEach(function (item, i) {
        if (i) list.appendChild(document.createTextNode(", "));
        list.appendChild(valueView(item));
      });
      list.appendChild(document.createTextNode("]"));
      return list;
    }
    return document.createTextNode(cellText(value));
  }

  // -- the plan of EXPLAIN and PROFILE (lineage.console.plan_tree) ----------------------------------
  function fmt(n) {
    if (n === null || n === undefined) return "–";
    return Number(n).toLocaleString("en", { maximumFractionDigits: 1 });
  }

  function figure(className, label, value) {
    var span = el("span", className, label + " ");
    span.appendChild(el("b", null, fmt(value)));
    return span;
  }

  function operatorView(op) {
    var li = el("li", "plan-op");
    var box = el("div", "plan-box");
    box.appendChild(el("span", "plan-name", op.operator));
    if (op.details) box.appendChild(el("code", "plan-details", op.details));
    var figures = el("span", "plan-figures");
    if (op.estimated_rows !== null && op.estimated_rows !== undefined) figures.appendChild(figure("plan-estimated", "estimated rows", op.estimated_rows));
    if (op.rows !== null && op.rows !== undefined) figures.appendChild(figure("plan-rows", "rows", op.rows));
    if (op.db_hits !== null && op.db_hits !== undefined) figures.appendChild(figure("plan-hits", "db hits", op.db_hits));
    box.appendChild(figures);
    li.appendChild(box);
    if (op.children && op.children.length) {
      var ul = el("ul", "plan-children");
      op.children.forEach(function (child) { ul.appendChild(operatorView(child)); });
      li.appendChild(ul);
    }
    return li;
  }

  function planView(plan) {
    var panel = el("div", "view view-plan");
    panel.setAttribute("data-view", "plan");
    var t = plan.totals;
    if (t) {
      var line = el("p", "plan-totals", plan.mode + ": " + fmt(t.operators) + (t.operators === 1 ? " operator" : " operators"));
      if (t.db_hits !== null && t.db_hits !== undefined) {
        line.appendChild(document.createTextNode(", "));
        line.appendChild(el("b", null, fmt(t.db_hits)));
        line.appendChild(document.createTextNode(" total db hits"));
      }
      if (t.rows !== null && t.rows !== undefined) {
        line.appendChild(document.createTextNode(", "));
        line.appendChild(el("b", null, fmt(t.rows)));
        line.appendChild(document.createTextNode(t.rows === 1 ? " row" : " rows"));
      }
      if (t.runtime) line.appendChild(document.createTextNode(" · " + t.runtime + " runtime" + (t.planner ? ", " + t.planner + " planner" : "")));
      panel.appendChild(line);
    }
    if (plan.note) panel.appendChild(el("p", "muted", plan.note));
    if (plan.root) {
      var tree = el("ul", "plan-tree");
      tree.appendChild(operatorView(plan.root));
      panel.appendChild(tree);
    } else {
      panel.appendChild(el("p", "muted", "Neo4j gave no plan."));
    }
    return panel;
  }

  // -- the views: table, graph, JSON, plan ---------------------------------------------------------------
  function showView(name) {
    view = name;
    Array.prototype.forEach.call(document.querySelectorAll(".view-tabs [role=tab]"), function (tab) {
      tab.setAttribute("aria-selected", tab.getAttribute("data-view") === name ? "true" : "false");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".view[data-view]"), function (panel) {
      panel.classList.toggle("view-hidden", panel.getAttribute("data-view") !== name);
    });
    if (name === "graph") drawGraph(lastGraph);
  }

  function wireTabs() {
    var tabs = output.querySelector(".view-tabs");
    if (!tabs) return;
    tabs.hidden = false;
    document.body.classList.add("console-tabbed");
    var graphTab = tabs.querySelector('[data-view="graph"]');
    if (graphTab) graphTab.disabled = !(lastGraph && lastGraph.nodes && lastGraph.nodes.length);
    Array.prototype.forEach.call(tabs.querySelectorAll("[role=tab]"), function (tab) {
      tab.addEventListener("click", function () { showView(tab.getAttribute("data-view")); });
    });
    var planTab = tabs.querySelector('[data-view="plan"]');
    // A plan was asked for: show it first. Otherwise the view chosen last, if this result has it.
    if (planTab) view = "plan";
    else if (view === "plan" || (view === "graph" && graphTab && graphTab.disabled)) view = "table";
    showView(view);
  }

  function tabsMarkup(names) {
    var tabs = el("div", "view-tabs");
    tabs.setAttribute("role", "tablist");
    tabs.setAttribute("aria-label", "Show the result as");
    names.forEach(function (pair) {
      var tab = el("button", null, pair[1]);
      tab.type = "button";
      tab.setAttribute("role", "tab");
      tab.setAttribute("data-view", pair[0]);
      tabs.appendChild(tab);
    });
    return tabs;
  }

  function showError(status, message) {
    output.textContent = "";
    var box = el("div", "error-box");
    box.setAttribute("role", "alert");
    box.setAttribute("data-status", String(status));
    box.appendChild(el("strong", null, String(status)));
    box.appendChild(document.createTextNode(" " + message));
    output.appendChild(box);
    lastGraph = null;
    hideGraph();
  }

  function hideGraph() {
    if (graphSection) graphSection.hidden = true;
  }

  function drawGraph(graph) {
    if (!graphSection || !graphBox) return;
    if (!graph || !graph.nodes || !graph.nodes.length) { hideGraph(); return; }
    graphSection.hidden = false;
    if (graphBox.getAttribute("data-drawn") === "yes") return;
    graphBox.setAttribute("data-drawn", "yes");
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
    var names = [["table", "Table"], ["graph", "Graph"], ["json", "JSON"]];
    if (result.plan) names.push(["plan", "Plan"]);
    output.appendChild(tabsMarkup(names));
    if (result.plan) output.appendChild(planView(result.plan));

    var tableView = el("div", "view view-table");
    tableView.setAttribute("data-view", "table");
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
      values.forEach(function (v) { tr.insertCell().appendChild(valueView(v)); });
    });
    wrap.appendChild(table);
    tableView.appendChild(wrap);
    output.appendChild(tableView);

    var jsonView = el("div", "view view-json");
    jsonView.setAttribute("data-view", "json");
    var shown = {};
    Object.keys(result).forEach(function (k) { if (k !== "graph") shown[k] = result[k]; });
    jsonView.appendChild(el("pre", "result-json", JSON.stringify(shown, null, 2)));
    output.appendChild(jsonView);

    lastGraph = result.graph;
    if (graphBox) graphBox.removeAttribute("data-drawn");
    hideGraph();
    wireTabs();
  }

  // -- the address: /console?query=...&params=... -----------------------------------------------------
  function linkFor(query, paramsText) {
    var search = new URLSearchParams();
    search.set("query", query);
    if (paramsText.trim()) search.set("params", paramsText);
    return form.getAttribute("data-page") + "?" + search.toString();
  }

  function remember(query, paramsText) {
    var link = linkFor(query, paramsText);
    if (window.history && window.history.replaceState) window.history.replaceState(null, "", link);
    if (permalink) {
      permalink.href = link;
      permalink.hidden = false;
    }
  }

  if (permalink) {
    permalink.textContent = "Copy link";
    permalink.addEventListener("click", function (event) {
      event.preventDefault();
      var link = new URL(linkFor(queryText(), paramsBox.value), window.location.href).href;
      permalink.href = link;
      var done = function () { statusLine.textContent = "Link copied."; form.setAttribute("data-copied", link); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(link).then(done, function () { statusLine.textContent = link; form.setAttribute("data-copied", link); });
      } else {
        statusLine.textContent = link;
        form.setAttribute("data-copied", link);
      }
    });
  }

  // -- the schema panel (/console/schema.json): click a name to insert it at the cursor ---------------
  var schemaBox = document.getElementById("console-schema");

  function quoted(name) {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : "`" + String(name).replace(/`/g, "``") + "`";
  }

  function insertText(text) {
    if (editor) {
      var view = editor.codemirror;
      view.dispatch(view.state.replaceSelection(text));
      view.focus();
      return;
    }
    var start = queryBox.selectionStart, end = queryBox.selectionEnd;
    queryBox.value = queryBox.value.slice(0, start) + text + queryBox.value.slice(end);
    queryBox.selectionStart = queryBox.selectionEnd = start + text.length;
    queryBox.focus();
  }

  function schemaList(title, items, className, textOf, countOf) {
    var section = el("div", "schema-group " + className);
    section.appendChild(el("h3", null, title + " (" + items.length.toLocaleString("en") + ")"));
    var list = el("ul", "schema-items");
    items.forEach(function (item) {
      var li = el("li");
      var button = el("button", "schema-item", textOf(item));
      button.type = "button";
      button.setAttribute("data-insert", textOf(item));
      button.title = "Insert " + textOf(item) + " at the cursor";
      var count = countOf(item);
      if (count) button.appendChild(el("span", "schema-count", count));
      button.addEventListener("click", function () { insertText(button.getAttribute("data-insert")); });
      li.appendChild(button);
      list.appendChild(li);
    });
    section.appendChild(list);
    return section;
  }

  function showSchema(schema) {
    schemaBox.textContent = "";
    var n = function (v) { return Number(v || 0).toLocaleString("en"); };
    schemaBox.appendChild(schemaList("Labels", schema.labels, "schema-labels",
      function (l) { return ":" + quoted(l.name); }, function (l) { return n(l.count); }));
    schemaBox.appendChild(schemaList("Relationship types", schema.relationship_types, "schema-types",
      function (t) { return ":" + quoted(t.name); }, function (t) { return n(t.count); }));
    schemaBox.appendChild(schemaList("Property keys", schema.property_keys, "schema-keys",
      function (k) { return quoted(k.name); },
      function (k) {
        var parts = [];
        if (k.nodes) parts.push(n(k.nodes) + " nodes");
        if (k.relationships) parts.push(n(k.relationships) + " rels");
        return parts.join(", ");
      }));
    schemaBox.appendChild(el("p", "muted schema-note", "Property keys are counted on the first " +
      n(schema.sample) + " nodes and relationships; labels and types on all."));
    schemaBox.setAttribute("data-state", "ready");
  }

  function editorSchema(schema) {
    // The editor quotes names itself (editor-support's ecsapeCypher).
    var signature = function (r) { return { name: r.name, signature: r.signature || "" }; };
    return {
      labels: schema.labels.map(function (l) { return ":" + l.name; }),
      relationshipTypes: schema.relationship_types.map(function (t) { return ":" + t.name; }),
      propertyKeys: schema.property_keys.map(function (k) { return k.name; }),
      procedures: schema.procedures.map(function (p) { return { name: p.name, signature: p.signature || "", returnItems: [] }; }),
      functions: schema.functions.map(signature)
    };
  }

  var schemaAnswer = null;
  if (schemaBox && window.fetch) {
    fetch(form.getAttribute("data-schema"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("the server answered " + r.status); return r.json(); })
      .then(function (schema) {
        schemaAnswer = schema;
        showSchema(schema);
        if (editor) editor.setSchema(editorSchema(schema));
      }, function (err) {
        schemaBox.textContent = "The schema could not be read: " + err.message;
        schemaBox.setAttribute("data-state", "failed");
      });
  }

  // -- the session's history (sessionStorage: this tab only) -------------------------------------------
  var HISTORY_KEY = "lineage-console-history";
  var HISTORY_MAX = 50;
  var historyBox = document.getElementById("console-history");

  function readHistory() {
    try { return JSON.parse(window.sessionStorage.getItem(HISTORY_KEY) || "[]"); } catch (err) { return []; }
  }

  function showHistory() {
    if (!historyBox) return;
    var items = readHistory();
    historyBox.textContent = "";
    if (!items.length) { historyBox.appendChild(el("p", "muted", "The queries you run in this tab appear here.")); return; }
    var list = el("ol", "history-items");
    items.forEach(function (item) {
      var li = el("li");
      var button = el("button", "history-item", item.query);
      button.type = "button";
      button.title = "Put this query back in the editor";
      button.addEventListener("click", function () {
        setQueryText(item.query);
        paramsBox.value = item.params || "";
        (editor || queryBox).focus();
      });
      li.appendChild(button);
      list.appendChild(li);
    });
    historyBox.appendChild(list);
  }

  function addHistory(query, paramsText) {
    var items = readHistory().filter(function (item) { return item.query !== query || item.params !== paramsText; });
    items.unshift({ query: query, params: paramsText });
    try { window.sessionStorage.setItem(HISTORY_KEY, JSON.stringify(items.slice(0, HISTORY_MAX))); } catch (err) { /* storage full or off */ }
    showHistory();
  }

  // -- the editor (vendor/cypher-editor-*.min.js, Neo4j's @neo4j-cypher/codemirror) ----------------------
  function startEditor() {
    var lib = window.CypherEditor;
    if (!lib || !lib.create) return;  // the text area stays, and works
    var holder = el("div", "cypher-editor");
    holder.setAttribute("role", "group");
    holder.setAttribute("aria-labelledby", "query-label");
    queryBox.parentNode.insertBefore(holder, queryBox);
    var runKey = lib.Prec.highest(lib.keymap.of([{ key: "Mod-Enter", preventDefault: true, run: function () { run(); return true; } }]));
    var made = lib.create(holder, {
      value: queryBox.value,
      autofocus: false,
      lineWrapping: true,
      placeholder: queryBox.getAttribute("placeholder") || undefined,
      preExtensions: [runKey]
    });
    editor = made.editor;
    editor.getValue = function () { return editor.codemirror.state.doc.toString(); };
    editor.onValueChanged(function (value) { queryBox.value = value; });
    queryBox.hidden = true;
    queryBox.removeAttribute("required");  // the form checks the editor's text instead (run())
    document.getElementById("query-label").addEventListener("click", function () { editor.focus(); });
    form.setAttribute("data-editor", "codemirror-" + lib.version);
    if (schemaAnswer) editor.setSchema(editorSchema(schemaAnswer));
  }

  // -- running --------------------------------------------------------------------------------------
  function run() {
    if (running) return;
    var params = {};
    var paramsText = paramsBox.value;
    var text = paramsText.trim();
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
    var query = queryText();
    queryBox.value = query;
    running = true;
    statusLine.textContent = "Running…";
    form.setAttribute("data-state", "running");
    fetch(form.getAttribute("data-api"), {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ query: query, params: params })
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; },
        function () { return { status: response.status, body: null }; });
    }).then(function (answer) {
      remember(query, paramsText);
      addHistory(query, paramsText);
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
    queryBox.value = queryText();
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
      setQueryText(link.getAttribute("data-query"));
      paramsBox.value = link.getAttribute("data-params") || "";
      (editor || queryBox).focus();
    });
  });

  // A result rendered by the server (a link, or the form posted without this script's help).
  var start = function () {
    startEditor();
    showHistory();
    if (output.querySelector(".result-summary")) addHistory(queryText(), paramsBox.value);
    if (graphBox && graphBox.getAttribute("data-graph")) {
      try { lastGraph = JSON.parse(graphBox.getAttribute("data-graph")); } catch (err) { lastGraph = null; }
    }
    hideGraph();
    wireTabs();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
