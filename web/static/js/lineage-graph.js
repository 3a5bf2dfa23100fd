/*
 * Derivation graphs: draws the graph JSON built by web/graphs.py with the
 * vendored vis-network. No inline script anywhere: this file finds its
 * containers by their data attributes.
 *
 *   <div id="lineage-graph" data-graph-url="/works/w1/graph.json?..." data-kind="work">
 *
 * data-graph-url  the graph JSON (work lineage, artist influence)
 * data-kind       work | artist | console (which controls to offer)
 *
 * The console page draws a result with LineageGraph.draw(element, graphJson).
 * The standalone export sets window.LINEAGE_GRAPH and has no server at all.
 *
 * Every string from the data (titles, media, kinds) is shown with textContent
 * or handed to vis-network as a plain string, which it shows with innerText:
 * nothing from the data is ever parsed as HTML.
 *
 * For tests and the benchmark: the container gets data-state="loading" |
 * "drawing" | "stable" | "error"; when stable, data-stable-ms holds
 * performance.now() at that moment, window.lineageGraphReady is true and the
 * container fires "lineage-graph:stable". element.lineageGraph and
 * window.lineageGraph expose {network, nodes, edges, data}.
 */
(function () {
  "use strict";

  var DEPTHS = [1, 2, 3, 4, 5, 6, 8, 10, 15, 20];
  var DIRECTIONS = [["both", "sources and remixes"], ["up", "sources (up)"], ["down", "remixes (down)"]];
  var LAYOUTS = [["hierarchical", "hierarchical"], ["free", "free"]];
  var LARGE = 300; // as web/graphs.py LARGE_GRAPH
  var GRAPH_PARAMS = ["direction", "depth", "cap", "size", "layout"];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (attrs[key] === null || attrs[key] === undefined || attrs[key] === false) return;
        if (key === "className") node.className = attrs[key];
        else node.setAttribute(key, attrs[key] === true ? "" : String(attrs[key]));
      });
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function formatNumber(value) {
    if (value === null || value === undefined || value === "") return "–";
    if (typeof value === "boolean") return value ? "yes" : "no";
    if (typeof value === "number") {
      if (Number.isInteger(value)) return value.toLocaleString("en");
      return Number(value.toPrecision(4)).toString();
    }
    return String(value);
  }

  function selectControl(label, name, choices, current) {
    var wrap = el("label", { className: "lg-control" });
    wrap.appendChild(el("span", null, label));
    var select = el("select", { name: name });
    choices.forEach(function (choice) {
      var option = el("option", { value: choice[0] }, choice[1]);
      if (String(choice[0]) === String(current)) option.selected = true;
      select.appendChild(option);
    });
    wrap.appendChild(select);
    return { wrap: wrap, select: select };
  }

  function withParams(url, changes) {
    var parsed = new URL(url, window.location.href);
    Object.keys(changes).forEach(function (key) {
      var value = changes[key];
      if (value === null || value === undefined || value === "") parsed.searchParams.delete(key);
      else parsed.searchParams.set(key, String(value));
    });
    return parsed.pathname + parsed.search;
  }

  // The message of a failed answer: the JSON error's, or the one the site's HTML error page shows.
  function errorMessage(text, status) {
    try {
      var body = JSON.parse(text);
      if (body && body.error && body.error.message) return body.error.message;
    } catch (ignore) { /* not JSON */ }
    try {
      var doc = new DOMParser().parseFromString(text, "text/html");
      var shown = doc.querySelector(".error-page .message") || doc.querySelector(".message");
      if (shown && shown.textContent.trim()) return shown.textContent.trim();
    } catch (ignore) { /* not HTML either */ }
    return status === 503 ? "the database is unavailable; try again in a few seconds" : "the server answered " + status;
  }

  function fetchGraph(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (response) {
      return response.text().then(function (text) {
        if (!response.ok) throw new Error(errorMessage(text, response.status));
        return JSON.parse(text);
      });
    }, function () {
      throw new Error("the site could not be reached");
    });
  }

  /* ------------------------------------------------------------------ widget */

  function Graph(container, options) {
    this.container = container;
    this.kind = options.kind || container.getAttribute("data-kind") || "work";
    this.url = options.url || container.getAttribute("data-graph-url") || null;
    this.standalone = !!options.standalone;
    this.syncAddress = !!options.syncAddress;
    this.network = null;
    this.nodes = null;
    this.edges = null;
    this.data = null;
    this.selected = null;
    this.frozen = false;
    this.build();
  }

  Graph.prototype.build = function () {
    var c = this.container;
    c.classList.add("lg");
    // Keep a <noscript> or anything else the page put there out of the way.
    while (c.firstChild) c.removeChild(c.firstChild);
    this.toolbar = el("form", { className: "lg-toolbar", "aria-label": "Graph controls" });
    this.toolbar.addEventListener("submit", function (event) { event.preventDefault(); });
    this.status = el("p", { className: "lg-status", role: "status", "aria-live": "polite" }, "Loading the graph…");
    this.stage = el("div", { className: "lg-stage" });
    this.canvas = el("div", { className: "lg-canvas", tabindex: "0", "aria-label": "Derivation graph; click a node for details, double-click to open it" });
    this.panel = el("aside", { className: "lg-panel", "aria-label": "Selected node", hidden: true });
    this.stage.appendChild(this.canvas);
    this.stage.appendChild(this.panel);
    this.legend = el("div", { className: "lg-legend", "aria-label": "Legend" });
    c.appendChild(this.toolbar);
    c.appendChild(this.status);
    c.appendChild(this.stage);
    c.appendChild(this.legend);
    this.setState("loading");
  };

  Graph.prototype.setState = function (state) {
    this.container.setAttribute("data-state", state);
    if (state !== "stable") window.lineageGraphReady = false;
  };

  Graph.prototype.load = function (url) {
    var self = this;
    self.url = url || self.url;
    self.setState("loading");
    self.status.textContent = "Loading the graph…";
    return fetchGraph(self.url).then(function (data) {
      if (self.syncAddress) self.rememberView();
      self.draw(data);
    }).catch(function (error) {
      self.setState("error");
      self.status.textContent = "The graph could not be drawn: " + error.message;
      self.status.classList.add("lg-error");
      // What is still on the canvas no longer answers the request: grey it and keep it out of reach.
      self.stage.classList.add("lg-stale");
      self.stage.setAttribute("aria-hidden", "true");
      self.hidePanel();
    });
  };

  // Keep the graph's settings in the page address, so a reload or a shared link shows the same view.
  Graph.prototype.rememberView = function () {
    if (!window.history || !window.history.replaceState) return;
    var graphParams = new URL(this.url, window.location.href).searchParams;
    var changes = {};
    GRAPH_PARAMS.forEach(function (name) { changes[name] = graphParams.get(name); });
    window.history.replaceState(window.history.state, "", withParams(window.location.href, changes));
    // The page's own GET forms (as-of date, credit split) carry the view along when submitted.
    Array.prototype.forEach.call(document.querySelectorAll("form[data-keep-view]"), function (form) {
      GRAPH_PARAMS.forEach(function (name) {
        var input = form.querySelector('input[type=hidden][name="' + name + '"]');
        var value = changes[name];
        if (value === null || value === undefined || value === "") {
          if (input) input.parentNode.removeChild(input);
          return;
        }
        if (!input) {
          input = el("input", { type: "hidden", name: name });
          form.insertBefore(input, form.firstChild);
        }
        input.value = value;
      });
    });
  };

  Graph.prototype.draw = function (data) {
    var self = this;
    self.data = data;
    self.frozen = false;
    self.selected = null;
    self.status.classList.remove("lg-error");
    self.stage.classList.remove("lg-stale");
    self.stage.removeAttribute("aria-hidden");
    self.setState("drawing");
    self.renderToolbar();
    self.renderLegend();
    self.hidePanel();
    if (self.network) {
      self.network.destroy();
      self.network = null;
    }
    var token = (self.token = (self.token || 0) + 1);
    self.nodes = new vis.DataSet([]);
    self.edges = new vis.DataSet([]);
    var options = data.options || {};
    var physicsOn = !!(options.physics && options.physics !== false && options.physics.enabled !== false);
    var nodes = data.nodes || [];
    var edges = data.edges || [];
    var network = new vis.Network(self.canvas, { nodes: [], edges: [] }, options);
    self.network = network;
    self.container.lineageGraph = window.lineageGraph = self;
    network.on("click", function (params) {
      if (params.nodes && params.nodes.length) self.select(params.nodes[0]);
      else self.hidePanel();
    });
    network.on("doubleClick", function (params) {
      if (!params.nodes || !params.nodes.length) return;
      var node = self.nodes.get(params.nodes[0]);
      if (node && node.info && node.info.url && !self.standalone) window.location.assign(node.info.url);
    });
    var started = performance.now();
    var done = false;
    function stable() {
      if (done || self.token !== token) return;
      done = true;
      if (physicsOn) network.setOptions({ physics: { enabled: false } });
      network.fit({ animation: false });
      // A large graph fitted whole is a strip of dots: start on the focus, legible;
      // the Fit button shows everything.
      var focusId = data.focus;
      if (self.nodes.length > LARGE && focusId !== null && focusId !== undefined && self.nodes.get(focusId)) {
        var at = network.getPositions([focusId])[focusId];
        if (at) network.moveTo({ position: at, scale: Math.max(network.getScale(), 0.7), animation: false });
      }
      network.once("afterDrawing", function () {
        if (self.token !== token) return;
        self.setState("stable");
        self.container.setAttribute("data-stable-ms", String(Math.round(performance.now())));
        self.container.setAttribute("data-draw-ms", String(Math.round(performance.now() - started)));
        window.lineageGraphReady = true;
        self.container.dispatchEvent(new CustomEvent("lineage-graph:stable", { bubbles: true, detail: { nodes: self.nodes.length } }));
      });
      network.redraw();
    }
    // Handlers first, then the data. Handing the data over in slices was measured:
    // vis-network redoes work over all nodes on each addition, so slices cost more
    // in total and did not shorten the longest task.
    if (physicsOn && nodes.length) {
      network.once("stabilizationIterationsDone", stable);
      network.on("stabilizationProgress", function (p) {
        self.status.setAttribute("data-progress", String(Math.round((100 * p.iterations) / p.total)));
      });
    } else {
      network.once("afterDrawing", stable);
    }
    self.nodes.add(nodes);
    self.edges.add(edges);
    // Counted on this graph's edges (before, the previous graph's were counted).
    self.renderStatus();
    network.setData({ nodes: self.nodes, edges: self.edges });
    if (!nodes.length) stable();
  };

  /* ------------------------------------------------------------------ controls */

  Graph.prototype.renderToolbar = function () {
    var self = this;
    var data = self.data;
    var bar = self.toolbar;
    while (bar.firstChild) bar.removeChild(bar.firstChild);
    var reloadable = !!self.url && !self.standalone;
    if (reloadable && data.kind === "lineage") {
      var direction = selectControl("Direction", "direction", DIRECTIONS, data.direction || "both");
      var depthChoices = [["", "all"]].concat(DEPTHS.map(function (d) { return [d, String(d)]; }));
      if (data.depth && DEPTHS.indexOf(data.depth) < 0) depthChoices.push([data.depth, String(data.depth)]);
      var depth = selectControl("Depth", "depth", depthChoices, data.depth || "");
      var sizes = (data.size_metrics || ["degree"]).map(function (m) { return [m, m.replace(/_/g, " ")]; });
      var size = selectControl("Size by", "size", sizes, data.size_requested || data.size || "degree");
      [direction, depth, size].forEach(function (control) {
        bar.appendChild(control.wrap);
        control.select.addEventListener("change", function () {
          var changes = {};
          changes[control.select.name] = control.select.value;
          self.load(withParams(self.url, changes));
        });
      });
    }
    if (reloadable) {
      var layout = selectControl("Layout", "layout", LAYOUTS, data.layout || "hierarchical");
      bar.appendChild(layout.wrap);
      layout.select.addEventListener("change", function () {
        self.load(withParams(self.url, { layout: layout.select.value }));
      });
    }
    var fit = el("button", { type: "button", className: "lg-button" }, "Fit");
    fit.addEventListener("click", function () { if (self.network) self.network.fit({ animation: false }); });
    bar.appendChild(fit);
    var links = data.links || {};
    if (links.download && !self.standalone) {
      // The page may have its own download link next to the graph: keep it pointing at this view.
      var section = self.container.parentElement && self.container.parentElement.closest("section");
      var pageLink = section ? section.querySelector("a[download]") : null;
      if (pageLink && !self.container.contains(pageLink)) pageLink.setAttribute("href", links.download);
      else bar.appendChild(el("a", { className: "lg-download", href: links.download, download: true }, "Download (HTML)"));
    }
  };

  Graph.prototype.renderStatus = function () {
    var self = this;
    var data = self.data;
    var status = self.status;
    while (status.firstChild) status.removeChild(status.firstChild);
    var singular = data.kind === "artist" ? "artist" : data.kind === "console" ? "node" : "work";
    var noun = singular + "s";
    var text, links;
    if (data.truncated) {
      text = "Showing " + formatNumber(data.shown) + " of " + formatNumber(data.total) + " " + noun + ": " +
        formatNumber(data.left_out) + " left out" + (data.cap ? " (node cap " + formatNumber(data.cap) + ")" : "") + ".";
    } else {
      var links = self.edges ? self.edges.length : (data.edges || []).length;
      text = formatNumber(data.shown) + " " + (data.shown === 1 ? singular : noun) + ", " +
        formatNumber(links) + (links === 1 ? " link." : " links.");
    }
    status.appendChild(el("span", { className: "lg-count" }, text));
    links = data.links || {};
    if (data.truncated && links.widen && !self.standalone) {
      status.appendChild(document.createTextNode(" "));
      var widen = el("a", { className: "lg-widen", href: links.widen }, "Widen to " + formatNumber(links.widen_cap) + " " + noun);
      widen.addEventListener("click", function (event) {
        event.preventDefault();
        self.load(links.widen);
      });
      status.appendChild(widen);
    } else if (data.truncated && !self.standalone && data.kind === "lineage") {
      status.appendChild(document.createTextNode(" This is the most one drawing holds; lower the depth or use the JSON API for the rest."));
    }
    if (data.size && data.size_requested && data.size !== data.size_requested) {
      status.appendChild(el("span", { className: "lg-note" },
        " Sized by degree: " + data.size_requested.replace(/_/g, " ") + " is not computed yet (lineage metrics)."));
    }
  };

  Graph.prototype.renderLegend = function () {
    var legend = this.legend;
    var data = this.data;
    while (legend.firstChild) legend.removeChild(legend.firstChild);
    var list = el("ul", { className: "lg-legend-list" });
    (data.legend || []).forEach(function (entry) {
      var item = el("li");
      var swatch = el("span", { className: "lg-swatch", "aria-hidden": "true" });
      swatch.style.backgroundColor = entry.colour;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(entry.label));
      list.appendChild(item);
    });
    (data.marks || []).forEach(function (entry) {
      var item = el("li");
      item.appendChild(el("span", { className: "lg-mark lg-mark-" + entry.mark, "aria-hidden": "true" }));
      item.appendChild(document.createTextNode(entry.label));
      list.appendChild(item);
    });
    legend.appendChild(list);
  };

  /* ------------------------------------------------------------------ side panel */

  Graph.prototype.hidePanel = function () {
    this.selected = null;
    this.panel.hidden = true;
    this.container.removeAttribute("data-selected");
  };

  Graph.prototype.select = function (id) {
    var self = this;
    var node = self.nodes.get(id);
    if (!node) return;
    var info = node.info || {};
    self.selected = id;
    self.container.setAttribute("data-selected", String(id));
    var panel = self.panel;
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    var close = el("button", { type: "button", className: "lg-close", "aria-label": "Close details" }, "×");
    close.addEventListener("click", function () { self.hidePanel(); });
    panel.appendChild(close);
    panel.appendChild(el("h3", { className: "lg-panel-title" }, info.title || String(id)));
    var facts = el("dl", { className: "lg-facts" });
    function fact(label, value) {
      if (value === null || value === undefined || value === "") return;
      facts.appendChild(el("dt", null, label));
      facts.appendChild(el("dd", null, typeof value === "number" ? formatNumber(value) : String(value)));
    }
    if (info.kind === "work") {
      fact("Medium", info.medium);
      fact("Date", info.created_at || "undated");
      fact("Status", info.status);
      fact("Relation", relation(info));
      fact("Links in graph", self.network ? self.network.getConnectedEdges(id).length : info.degree);
      Object.keys(info.metrics || {}).forEach(function (name) { fact(name.replace(/_/g, " "), info.metrics[name]); });
    } else if (info.kind === "artist") {
      fact("Name", info.name);
      fact("Role", info.role);
      if (info.count_label) fact(info.count_label, info.count);
      Object.keys(info.metrics || {}).forEach(function (name) { fact(name.replace(/_/g, " "), info.metrics[name]); });
    } else {
      fact("Labels", (info.labels || []).join(", "));
      Object.keys(info.properties || {}).slice(0, 20).forEach(function (name) { fact(name, info.properties[name]); });
    }
    panel.appendChild(facts);
    var actions = el("p", { className: "lg-actions" });
    if (info.url && !self.standalone) {
      actions.appendChild(el("a", { className: "lg-open", href: info.url }, info.kind === "artist" ? "Open artist page" : "Open work page"));
    }
    var links = (self.data && self.data.links) || {};
    if (info.kind === "work" && links.expand && !self.standalone) {
      var expand = el("button", { type: "button", className: "lg-button lg-expand" }, "Expand neighbours");
      var note = el("span", { className: "lg-expand-note" });
      var rest = el("button", { type: "button", className: "lg-button lg-expand-rest", hidden: true });
      var run = function (button, cap) {
        button.disabled = true;
        button.textContent = "Expanding…";
        rest.hidden = true;
        return self.expand(id, cap).then(function (result) {
          expand.textContent = result.added ? "Added " + formatNumber(result.added) + (result.added === 1 ? " work" : " works") : "Nothing new to add";
          expand.disabled = true;
          // Say what one expansion left out, and offer the rest (up to the node cap).
          if (result.left > 0) {
            note.textContent = " · " + formatNumber(result.left) + " more " + (result.left === 1 ? "neighbour" : "neighbours") + " left out";
            if (result.more) {
              rest.textContent = "Add " + (result.more >= result.total ? "the other " + formatNumber(result.left) : "up to " + formatNumber(result.more));
              rest.disabled = false;
              rest.hidden = false;
              rest.dataset.cap = String(result.more);
            }
          } else {
            note.textContent = "";
          }
        }).catch(function (error) {
          button.disabled = false;
          button.textContent = "Expand neighbours";
          self.status.textContent = "Could not expand: " + error.message;
        });
      };
      expand.addEventListener("click", function () { run(expand); });
      rest.addEventListener("click", function () { run(rest, Number(rest.dataset.cap)); });
      actions.appendChild(expand);
      actions.appendChild(note);
      actions.appendChild(rest);
    }
    panel.appendChild(actions);
    panel.hidden = false;
  };

  function relation(info) {
    var text = "";
    if (info.expanded_from) text = "added by expanding " + info.expanded_from;
    else if (info.side === "focus") text = "the work in focus";
    else if (info.side === "ancestor") text = "source, " + info.distance + (info.distance === 1 ? " step" : " steps") + " up";
    else if (info.side === "descendant") text = "remix, " + info.distance + (info.distance === 1 ? " step" : " steps") + " down";
    if (info.origin) text = text ? text + " · origin" : "origin";
    return text;
  }

  /* ------------------------------------------------------------------ expand in place */

  // Fix the drawing as it is: hierarchical layout and physics off, every node
  // pinned where it stands, so adding nodes never moves the existing ones.
  Graph.prototype.freeze = function () {
    if (this.frozen) return;
    var positions = this.network.getPositions();
    this.network.setOptions({ layout: { hierarchical: { enabled: false } } });
    this.network.setOptions({ physics: { enabled: false } });
    this.nodes.update(Object.keys(positions).map(function (id) {
      return { id: id, x: positions[id].x, y: positions[id].y };
    }));
    this.frozen = true;
  };

  Graph.prototype.nodeCap = function () {
    return Number(this.container.getAttribute("data-node-cap")) || 2000;
  };

  // Add a node's sources and remixes in place. Resolves to {added, left, total, more}: how many
  // were added, how many neighbours the answer left out, and the cap that would fetch more.
  Graph.prototype.expand = function (id, cap) {
    var self = this;
    var template = self.data.links.expand;
    var url = template.split("__ID__").join(encodeURIComponent(id));
    if (cap) url = withParams(url, { cap: cap });
    return fetchGraph(url).then(function (extra) {
      self.freeze();
      var origin = self.network.getPositions([id])[id];
      var parent = self.nodes.get(id);
      var parentTitle = parent && parent.info ? parent.info.title : String(id);
      var fresh = (extra.nodes || []).filter(function (n) { return !self.nodes.get(n.id); });
      var above = [], below = [];
      fresh.forEach(function (n) { (n.info && n.info.side === "ancestor" ? above : below).push(n); });
      var taken = Object.values(self.network.getPositions());
      var placed = [];
      [[above, -1], [below, 1]].forEach(function (row) {
        var group = row[0], sign = row[1];
        if (!group.length) return;
        var gap = 120;
        var rowGap = self.data.row_gap || 110;
        var y = origin.y + sign * rowGap;
        // Step the row further out while it would land on existing nodes.
        for (var tries = 0; tries < 6 && crowded(taken, origin.x, y, group.length * gap); tries++) y += sign * rowGap / 2;
        group.forEach(function (n, i) {
          var copy = Object.assign({}, n);
          copy.x = origin.x + (i - (group.length - 1) / 2) * gap;
          copy.y = y;
          delete copy.level;
          copy.info = Object.assign({}, n.info, { expanded_from: parentTitle, side: null });
          placed.push(copy);
        });
      });
      self.nodes.add(placed);
      var freshEdges = (extra.edges || []).filter(function (e) { return !self.edges.get(e.id); });
      self.edges.add(freshEdges);
      self.data.shown = self.nodes.length;
      if (!self.data.truncated) self.data.total = self.nodes.length;
      else self.data.left_out = Math.max(0, self.data.total - self.nodes.length);
      // New media join the legend.
      var known = {};
      (self.data.legend || []).forEach(function (entry) { known[entry.label] = true; });
      (extra.legend || []).forEach(function (entry) { if (!known[entry.label]) self.data.legend.push(entry); });
      self.renderStatus();
      self.renderLegend();
      self.container.setAttribute("data-expanded", String(id));
      var total = Number(extra.total) || (extra.nodes || []).length;
      var fetched = (extra.nodes || []).length;
      var wanted = Math.min(total, self.nodeCap());
      return { added: placed.length, left: Math.max(0, total - fetched), total: total,
               more: wanted > fetched ? wanted : null };
    });
  };

  function crowded(positions, x, y, width) {
    for (var i = 0; i < positions.length; i++) {
      var p = positions[i];
      if (Math.abs(p.y - y) < 40 && Math.abs(p.x - x) < width / 2 + 60) return true;
    }
    return false;
  }

  /* ------------------------------------------------------------------ mounting */

  function mount(container, options) {
    if (container.lineageGraph) return container.lineageGraph;
    var graph = new Graph(container, options || {});
    container.lineageGraph = graph;
    return graph;
  }

  function draw(container, data, options) {
    var graph = mount(container, Object.assign({ kind: data.kind }, options || {}));
    graph.draw(data);
    return graph;
  }

  function start() {
    if (typeof vis === "undefined") {
      Array.prototype.forEach.call(document.querySelectorAll("[data-graph-url], #lineage-graph"), function (c) {
        c.setAttribute("data-state", "error");
        c.textContent = "The graph library did not load.";
      });
      return;
    }
    if (window.LINEAGE_GRAPH) {
      var target = document.getElementById("lineage-graph");
      if (target) draw(target, window.LINEAGE_GRAPH, { standalone: true });
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-graph-url]"), function (container) {
      var url = container.getAttribute("data-graph-url");
      if (!url) return;
      // The page's own address may carry the graph's settings (a shared or reloaded view).
      var page = new URLSearchParams(window.location.search);
      var changes = {};
      GRAPH_PARAMS.forEach(function (name) { if (page.get(name)) changes[name] = page.get(name); });
      mount(container, { syncAddress: true }).load(withParams(url, changes));
    });
  }

  window.LineageGraph = { mount: mount, draw: draw, Graph: Graph };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
