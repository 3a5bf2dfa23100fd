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
 * The limits it needs (the depths offered, the node cap, the settings a page address carries, ...)
 * are the page's data (a JSON script element, id lineage-limits) rendered from
 * lineage/limits.py and web/graphs/params.py by the template: this file keeps no copy of them.
 *
 * The console page draws a result with LineageGraph.draw(element, graphJson).
 * The standalone export sets window.LINEAGE_GRAPH and has no server at all.
 *
 * Every string from the data (titles, media, kinds) is shown with textContent
 * or handed to vis-network as a plain string, which it shows with innerText:
 * nothing from the data is ever parsed as HTML.
 *
 * For tests and the benchmark: the container gets data-state="loading" |
 * "drawing" | "stable" | "error"; when stable, data-renders counts the draws
 * finished so far (so a test can wait for the next one without racing it),
 * data-stable-ms holds performance.now() at that moment, window.lineageGraphReady is true and the
 * container fires "lineage-graph:stable". element.lineageGraph and
 * window.lineageGraph expose {network, nodes, edges, data}.
 */
(function () {
  "use strict";

  // The page's data (base.html, graph_standalone.html): one source for these numbers and names.
  var LIMITS = JSON.parse((document.getElementById("lineage-limits") || {}).textContent || "{}");
  var DEPTHS = LIMITS.depth_choices || [];
  var DIRECTIONS = [["both", "sources and remixes"], ["up", "sources (up)"], ["down", "remixes (down)"]];
  var LAYOUTS = [["hierarchical", "hierarchical"], ["free", "free"]];
  var LARGE = LIMITS.large_graph;
  // The settings a page address carries (web/graphs/params.py VIEW_PARAMS).
  var GRAPH_PARAMS = LIMITS.graph_params || [];
  var VIEWS = [["focus", "focus and context"], ["overview", "whole lineage"]];
  var ZOOM_STEP = 1.25;
  var FOCUS_MARGIN = 80;   // screen px between the focus and the edge of a view that starts on it (its label fits)
  var LABEL_REACH = 70;    // graph px a node's label reaches beyond its centre (two lines of ~20 characters)
  // From this many nodes a graph takes long enough to draw that the status says it is drawing.
  var DRAWING_NOTICE = LIMITS.large_graph;
  var DARK = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  // What is left of the rest of the picture while a highlight stands (a dark ground needs more).
  var DIMMED = DARK ? 0.25 : 0.18;

  // One full redraw in the next frame, however many changes ask for it (vis-network's own request;
  // network.redraw() would draw at once). paint() falls back on it when its copy is out of date.
  function requestDraw(network) {
    network.body.emitter.emit("_requestRedraw");
  }
  // Settings only the script uses (never sent to the server): works hidden, the colouring.
  var CLIENT_PARAMS = ["hide", "colour"];

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
      // Thousands by hand: toLocaleString builds a formatter on every call, and the first one loads the
      // locale data (about 50 ms of a page's first draw).
      if (Number.isInteger(value)) return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
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
    this.hidden = (options.hidden || []).slice();  // ids of works the reader hid (kept in the address)
    this.colour = options.colour || "medium";
    this.expansions = [];  // what was added in place since the last load: {label, nodes, edges}
    this.past = [];        // undo: the states before each action, the latest last
    this.future = [];      // redo
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
    this.zoomBar = el("div", { className: "lg-zoom", role: "group", "aria-label": "Zoom" });
    this.stage.appendChild(this.zoomBar);
    this.legend = el("div", { className: "lg-legend", "aria-label": "Legend" });
    this.help = el("p", { className: "lg-help" },
      "Keys, once the graph has focus: arrows move along the links (left: a source, right: a remix, up and down: " +
      "within a generation), Enter opens, Escape clears, + and − zoom, 0 resets, Delete hides the selected work; " +
      "Ctrl+Z undoes, Ctrl+Shift+Z redoes. The wheel zooms only with Ctrl or once the graph has focus.");
    this.listBox = el("details", { className: "lg-list" });
    this.listBox.appendChild(el("summary", null, "The graph as a list"));
    this.list = el("div", { className: "lg-list-body" });
    this.listBox.appendChild(this.list);
    // On a phone the settings and tools fill the first screen: they fold behind one button there
    // (graph.css shows it below 700 px), so the graph comes first.
    var toggle = el("button", { type: "button", className: "lg-button lg-tools-toggle", "aria-expanded": "false" },
      "Graph settings and tools");
    toggle.addEventListener("click", function () {
      var open = c.classList.toggle("lg-tools-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    c.appendChild(toggle);
    // The settings (rebuilt with each graph) and the tools (built once) flow as one set of rows.
    this.controls = el("div", { className: "lg-controls" });
    this.controls.appendChild(this.toolbar);
    this.buildTools();
    this.controls.appendChild(this.tools);
    c.appendChild(this.controls);
    c.appendChild(this.status);
    c.appendChild(this.connectionStatus);
    c.appendChild(this.stage);
    c.appendChild(this.legend);
    c.appendChild(this.help);
    c.appendChild(this.listBox);
    this.buildZoom();
    this.bindKeys();
    this.setState("loading");
  };

  /* ------------------------------------------------------------------ zoom, wheel, keys */

  Graph.prototype.buildZoom = function () {
    var self = this;
    [["+", "Zoom in", function () { self.zoomBy(ZOOM_STEP); }],
     ["−", "Zoom out", function () { self.zoomBy(1 / ZOOM_STEP); }],
     ["⟲", "Reset the view", function () { self.resetView(); }],
     ["Fit", "Show everything", function () { if (self.network) self.network.fit({ animation: false }); }]].forEach(function (b) {
      var button = el("button", { type: "button", className: "lg-button lg-zoom-button", "aria-label": b[1], title: b[1] }, b[0]);
      button.addEventListener("click", b[2]);
      self.zoomBar.appendChild(button);
    });
    // The wheel scrolls the page unless the graph has focus or Ctrl (or Cmd) is held: then it zooms.
    self.canvas.addEventListener("wheel", function (event) {
      if (!self.network) return;
      var focused = self.canvas.contains(document.activeElement);
      if (!focused && !event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      var rect = self.canvas.getBoundingClientRect();
      self.zoomBy(event.deltaY < 0 ? 1.1 : 1 / 1.1, { x: event.clientX - rect.left, y: event.clientY - rect.top });
    }, { passive: false });
  };

  Graph.prototype.zoomBy = function (factor, pointer) {
    var network = this.network;
    if (!network) return;
    var scale = network.getScale();
    var next = Math.min(6, Math.max(0.02, scale * factor));
    var centre = network.getViewPosition();
    if (pointer) {
      // Keep the point under the pointer where it is.
      var at = network.DOMtoCanvas(pointer);
      centre = { x: at.x + (centre.x - at.x) * scale / next, y: at.y + (centre.y - at.y) * scale / next };
    }
    network.moveTo({ position: centre, scale: next, animation: false });
    this.container.setAttribute("data-scale", String(Math.round(next * 1000) / 1000));
  };

  // The view the graph opened with: everything when legible, else the focus at a legible scale.
  Graph.prototype.resetView = function () {
    var network = this.network;
    var data = this.data;
    if (!network || !data) return;
    network.fit({ animation: false });
    var minimum = data.min_scale || (this.nodes.length > LARGE ? 0.7 : 0);
    var focusId = data.focus;
    if (minimum && network.getScale() < minimum && focusId !== null && focusId !== undefined && this.nodes.get(focusId)) {
      var at = network.getPositions([focusId])[focusId];
      if (at) network.moveTo({ position: this.viewCentre(at, minimum), scale: minimum, animation: false });
    }
    this.container.setAttribute("data-scale", String(Math.round(network.getScale() * 1000) / 1000));
  };

  // Where to centre a legible view that must show the focus: on the focus, moved towards the drawing
  // as far as the focus stays FOCUS_MARGIN inside the view (a work with sources only sat in the middle
  // of an empty half, its sources cut off on a phone), or on the drawing when it fits across (or down).
  Graph.prototype.viewCentre = function (focus, scale) {
    var all = this.network.getPositions();
    var lo = { x: Infinity, y: Infinity }, hi = { x: -Infinity, y: -Infinity };
    Object.keys(all).forEach(function (id) {
      ["x", "y"].forEach(function (k) { lo[k] = Math.min(lo[k], all[id][k]); hi[k] = Math.max(hi[k], all[id][k]); });
    });
    var box = this.canvas.getBoundingClientRect();
    var size = { x: box.width / scale, y: box.height / scale };
    var centre = {};
    ["x", "y"].forEach(function (k) {
      var from = lo[k] - LABEL_REACH, to = hi[k] + LABEL_REACH;
      if (!isFinite(from) || to - from <= size[k]) { centre[k] = isFinite(from) ? (from + to) / 2 : focus[k]; return; }
      var half = size[k] / 2 - Math.min(FOCUS_MARGIN / scale, size[k] / 2);
      centre[k] = Math.min(Math.max(focus[k], from + half), to - half);
      // Never so far that the focus leaves the view.
      centre[k] = Math.min(Math.max(centre[k], focus[k] - half), focus[k] + half);
    });
    return centre;
  };

  Graph.prototype.bindKeys = function () {
    var self = this;
    self.canvas.addEventListener("keydown", function (event) {
      if (!self.network || event.altKey || event.ctrlKey || event.metaKey) return;
      var key = event.key;
      var handled = true;
      if (key === "ArrowLeft" || key === "ArrowRight" || key === "ArrowUp" || key === "ArrowDown") self.step(key);
      else if (key === "Enter") self.openSelected();
      else if (key === "Escape") self.hidePanel();
      else if (key === "+" || key === "=") self.zoomBy(ZOOM_STEP);
      else if (key === "-" || key === "_") self.zoomBy(1 / ZOOM_STEP);
      else if (key === "0") self.resetView();
      else if (key === "Delete" || key === "Backspace") self.hideSelected();
      else handled = false;
      if (handled) event.preventDefault();
    });
  };

  // Move the selection: left to a source, right to a remix (up and down in the overview's rows
  // mean the same), up and down (left and right in the overview) to the neighbour in the generation.
  Graph.prototype.step = function (key) {
    var self = this;
    var nodes = self.nodes;
    var current = self.selected !== null && nodes.get(self.selected) ? self.selected : self.data.focus;
    if (current === null || current === undefined || !nodes.get(current)) {
      var first = nodes.getIds()[0];
      if (first !== undefined) self.select(first, { centre: true });
      return;
    }
    var horizontal = self.data.view === "focus";
    var toSource = horizontal ? "ArrowLeft" : "ArrowUp";
    var toRemix = horizontal ? "ArrowRight" : "ArrowDown";
    var positions = self.network.getPositions();
    var here = positions[current];
    var candidates = [];
    if (key === toSource || key === toRemix) {
      self.edges.get().forEach(function (e) {
        // Edges run from the derived work to its source.
        if (key === toSource && e.from === current) candidates.push(e.to);
        if (key === toRemix && e.to === current) candidates.push(e.from);
      });
      candidates.sort(function (a, b) {
        var pa = positions[a], pb = positions[b];
        return horizontal ? Math.abs(pa.y - here.y) - Math.abs(pb.y - here.y) : Math.abs(pa.x - here.x) - Math.abs(pb.x - here.x);
      });
    } else {
      var forward = horizontal ? key === "ArrowDown" : key === "ArrowRight";
      Object.keys(positions).forEach(function (id) {
        var p = positions[id];
        var same = horizontal ? Math.abs(p.x - here.x) < 1 : Math.abs(p.y - here.y) < 1;
        var along = horizontal ? p.y - here.y : p.x - here.x;
        if (same && (forward ? along > 0 : along < 0)) candidates.push(id);
      });
      candidates.sort(function (a, b) {
        var pa = positions[a], pb = positions[b];
        var da = horizontal ? Math.abs(pa.y - here.y) : Math.abs(pa.x - here.x);
        var db = horizontal ? Math.abs(pb.y - here.y) : Math.abs(pb.x - here.x);
        return da - db;
      });
    }
    if (!candidates.length) return;
    var next = nodes.get(candidates[0]) ? candidates[0] : nodes.get(String(candidates[0])) ? String(candidates[0]) : null;
    if (next !== null) self.select(next, { centre: true });
  };

  Graph.prototype.openSelected = function () {
    if (this.selected === null) return;
    var node = this.nodes.get(this.selected);
    var info = (node && node.info) || {};
    if (info.kind === "group") this.openGroup(node, "next");
    else if (info.url && !this.standalone) window.location.assign(info.url);
  };

  // The status line's progress: what the graph is busy with, until it is stable.
  Graph.prototype.showProgress = function (text) {
    var span = this.status.querySelector(".lg-progress");
    if (!span) {
      span = el("span", { className: "lg-progress" });
      this.status.appendChild(span);
    }
    span.textContent = text;
  };

  Graph.prototype.setState = function (state) {
    this.container.setAttribute("data-state", state);
    if (state !== "stable") window.lineageGraphReady = false;
  };

  // how: {record: {label, before}} makes the load an undoable action; {restore: state} brings
  // back a state (its expansions and hidden works); a plain load starts a new history.
  Graph.prototype.load = function (url, how) {
    var self = this;
    how = how || {};
    self.url = url || self.url;
    self.setState("loading");
    self.status.textContent = "";
    self.showProgress("Loading the graph…");
    // A large graph can take seconds to gather: the seconds go by on the status line.
    var began = performance.now();
    clearInterval(self.ticker);
    self.ticker = setInterval(function () {
      self.showProgress("Loading the graph… " + Math.round((performance.now() - began) / 1000) + " s");
    }, 1000);
    return fetchGraph(self.url).then(function (data) {
      clearInterval(self.ticker);
      if (self.syncAddress) self.rememberView();
      if (how.record) self.record(how.record.label, how.record.before);
      else if (!how.restore) { self.past = []; self.future = []; }
      self.pendingRestore = how.restore || null;
      self.draw(data);
    }).catch(function (error) {
      clearInterval(self.ticker);
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
    this.writeClientParams();
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
    var options = themed(data.options || {});
    // The selection is the script's own (self.selected), drawn by overlay(): a selection of
    // vis-network's would make it draw every node again on each click.
    options.interaction = Object.assign({}, options.interaction, { selectable: false });
    var physicsOn = !!(options.physics && options.physics !== false && options.physics.enabled !== false);
    var allNodes = DARK ? (data.nodes || []).map(darkNode) : (data.nodes || []);
    var allEdges = data.edges || [];
    self.base = { nodes: {}, edges: allEdges };
    allNodes.forEach(function (n) { self.base.nodes[String(n.id)] = n; });
    self.expansions = [];
    self.mediumColours = {};
    // Hidden works are not drawn at all (nor listed): the layout and the list never see them.
    var hiddenSet = self.hiddenSet();
    var nodes = allNodes.filter(function (n) { return !hiddenSet[String(n.id)]; });
    var edges = allEdges.filter(function (e) { return !hiddenSet[String(e.from)] && !hiddenSet[String(e.to)]; });
    var network = new vis.Network(self.canvas, { nodes: [], edges: [] }, options);
    self.network = network;
    self.dimmed = false;
    self.lit = null;
    self.plain = null;
    // The veil of a highlight is the stage's own ground (light or dark).
    self.ground = window.getComputedStyle(self.stage).backgroundColor || "#ffffff";
    network.on("afterDrawing", function (ctx) { self.keepPlain(ctx); self.overlay(ctx); });
    self.container.lineageGraph = window.lineageGraph = self;
    // The nodes of the last two clicks: a double click opens a work only when both clicks were on it
    // (vis-network counts two taps on one spot as a double click even across a redraw that put
    // another node there).
    var clicked = [null, null];
    function nodeAt(params) {
      var id = params.pointer ? network.getNodeAt(params.pointer.DOM) : undefined;
      return id === undefined ? null : id;
    }
    network.on("click", function (params) {
      var id = nodeAt(params);
      clicked = [clicked[1], id];
      if (id !== null) self.select(id);
      else self.hidePanel();
    });
    var keep = self.keepView;
    self.keepView = null;
    network.on("doubleClick", function (params) {
      var id = nodeAt(params);
      if (id === null || clicked[0] !== id || clicked[1] !== id) return;
      var node = self.nodes.get(id);
      if (node && node.info && node.info.url && !self.standalone) window.location.assign(node.info.url);
    });
    var started = performance.now();
    var done = false;
    function stable() {
      if (done || self.token !== token) return;
      done = true;
      if (physicsOn) network.setOptions({ physics: { enabled: false } });
      // A large graph fitted whole is a strip of dots: start on the focus, legible
      // (resetView); Fit shows everything. Opening a group keeps the view where it was.
      if (keep) network.moveTo({ position: keep.position, scale: keep.scale, animation: false });
      else self.resetView();
      var restoring = self.pendingRestore;
      self.pendingRestore = null;
      if (restoring) restoring.expansions.forEach(function (e) { self.addExpansion(e); });
      self.applyColour();
      self.renderLegend();
      self.renderTools();
      self.status.removeAttribute("data-progress");
      self.renderStatus();
      self.renderList();
      if (keep && keep.select && self.nodes.get(keep.select)) self.select(keep.select);
      network.once("afterDrawing", function () {
        if (self.token !== token) return;
        self.setState("stable");
        self.renders = (self.renders || 0) + 1;
        self.container.setAttribute("data-renders", String(self.renders));
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
    function hand() {
      if (self.token !== token) return;
      // Registered here, not before the wait: the empty network draws itself meanwhile.
      if (physicsOn && nodes.length) {
        network.once("stabilizationIterationsDone", stable);
        network.on("stabilizationProgress", function (p) {
          var percent = Math.round((100 * p.iterations) / p.total);
          self.status.setAttribute("data-progress", String(percent));
          self.showProgress(" Laying out " + formatNumber(nodes.length) + " nodes… " + percent + "%");
        });
      } else {
        network.once("afterDrawing", stable);
      }
      self.nodes.add(nodes);
      self.edges.add(edges);
      // Counted on this graph's edges (before, the previous graph's were counted).
      self.renderStatus();
      if (nodes.length >= DRAWING_NOTICE) self.showProgress(" Drawing " + formatNumber(nodes.length) + " nodes…");
      network.setData({ nodes: self.nodes, edges: self.edges });
      if (!nodes.length) stable();
    }
    // Handing a large graph over blocks the page for a second or more: say so first, and let
    // the browser paint it before the work starts.
    if (nodes.length >= DRAWING_NOTICE) {
      self.showProgress("Drawing " + formatNumber(nodes.length) + " nodes…");
      window.requestAnimationFrame(function () { setTimeout(hand, 0); });
    } else {
      hand();
    }
  };

  /* ------------------------------------------------------------------ controls */

  Graph.prototype.renderToolbar = function () {
    var self = this;
    var data = self.data;
    var bar = self.toolbar;
    while (bar.firstChild) bar.removeChild(bar.firstChild);
    var reloadable = !!self.url && !self.standalone;
    if (reloadable && data.kind === "lineage") {
      var view = selectControl("View", "view", VIEWS, data.view || "overview");
      bar.appendChild(view.wrap);
      view.select.addEventListener("change", function () {
        self.load(withParams(self.url, { view: view.select.value, more: null, cap: null }));
      });
      if (data.view === "focus") {
        var ranks = (data.rank_metrics || ["descendants"]).map(function (m) { return [m, m.replace(/_/g, " ")]; });
        var rank = selectControl("Most significant by", "rank", ranks, data.rank_requested || data.rank);
        bar.appendChild(rank.wrap);
        rank.select.addEventListener("change", function () {
          self.load(withParams(self.url, { rank: rank.select.value, more: null }));
        });
      }
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
          changes.more = null;  // the opened groups belonged to the other graph
          self.load(withParams(self.url, changes));
        });
      });
    }
    if (reloadable && data.kind === "artist") {
      var artistView = selectControl("View", "view", [["focus", "focus and context"], ["overview", "every artist"]], data.view || "overview");
      bar.appendChild(artistView.wrap);
      artistView.select.addEventListener("change", function () {
        self.load(withParams(self.url, { view: artistView.select.value, more: null }));
      });
    }
    if (reloadable && data.view !== "focus") {
      var layout = selectControl("Layout", "layout", LAYOUTS, data.layout || "hierarchical");
      bar.appendChild(layout.wrap);
      layout.select.addEventListener("change", function () {
        self.load(withParams(self.url, { layout: layout.select.value }));
      });
    }
    // How it is drawn first, then what is drawn, then the actions: the order of the rows on a wide screen.
    if (self.colourBox) bar.appendChild(self.colourBox);
    if (reloadable && data.kind === "lineage" && data.view === "focus") filterControls(self, bar);
    // Find in the graph drawn: each Enter (or Find) goes to the next work whose title holds the text.
    var find = el("label", { className: "lg-control lg-find" });
    find.appendChild(el("span", null, "Find in graph"));
    var findInput = el("input", { type: "search", name: "find", autocomplete: "off",
                                  placeholder: data.kind === "artist" ? "handle…" : data.kind === "lineage" ? "title…" : "label…" });
    find.appendChild(findInput);
    bar.appendChild(find);
    var findButton = el("button", { type: "button", className: "lg-button lg-find-button" }, "Find");
    bar.appendChild(findButton);
    var runFind = function () { self.find(findInput.value); };
    findButton.addEventListener("click", runFind);
    findInput.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); runFind(); }
    });
    var png = el("button", { type: "button", className: "lg-button lg-export-png" }, "PNG");
    png.addEventListener("click", function () { self.exportPng(); });
    var svg = el("button", { type: "button", className: "lg-button lg-export-svg" }, "SVG");
    svg.addEventListener("click", function () { self.exportSvg(); });
    bar.appendChild(png);
    bar.appendChild(svg);
    var links = data.links || {};
    if (links.download && !self.standalone) {
      // The page may have its own download link next to the graph: keep it pointing at this view.
      var section = self.container.parentElement && self.container.parentElement.closest("section");
      var pageLink = section ? section.querySelector("a[download]") : null;
      if (pageLink && !self.container.contains(pageLink)) pageLink.setAttribute("href", links.download);
      else bar.appendChild(el("a", { className: "lg-download", href: links.download, download: true }, "Download (HTML)"));
    }
  };

  // ---- Filters (focus view): medium, remix kind, date range, a minimum of a metric -------------------
  // Each is an address parameter (medium=music,image kind=remix from= to= min=descendants:5) that the
  // server applies inside its walk (web/graphs/params.py parse_filters); a bad one comes back as a 400.
  function filterControls(self, bar) {
    var data = self.data;
    var choices = data.filter_choices || {};
    var now = new URL(self.url, window.location.href).searchParams;
    var box = el("div", { className: "lg-filters", role: "group", "aria-label": "Filters" });
    box.appendChild(el("span", { className: "lg-group-label", "aria-hidden": "true" }, "Filters"));
    function names(label, name, list) {
      var options = [["", "any"]].concat((list || []).map(function (m) { return [m, m]; }));
      var current = now.get(name) || "";
      if (current && (list || []).indexOf(current) < 0) options.push([current, current.replace(/,/g, ", ")]);
      var control = selectControl(label, name, options, current);
      control.select.addEventListener("change", function () {
        var changes = { more: null };
        changes[name] = control.select.value;
        self.load(withParams(self.url, changes));
      });
      box.appendChild(control.wrap);
    }
    names("Medium", "medium", choices.medium);
    names("Remix kind", "kind", choices.kind);
    function input(label, name, attrs) {
      var wrap = el("label", { className: "lg-control" });
      wrap.appendChild(el("span", null, label));
      var field = el("input", Object.assign({ name: name }, attrs));
      wrap.appendChild(field);
      box.appendChild(wrap);
      return field;
    }
    var from = input("From", "from", { type: "date", value: now.get("from") || "" });
    var to = input("To", "to", { type: "date", value: now.get("to") || "" });
    var min = (now.get("min") || "").split(":");
    var metric = selectControl("At least", "min_metric",
      [["", "no minimum"]].concat((choices.min || []).map(function (m) { return [m, m.replace(/_/g, " ")]; })), min[0] || "");
    box.appendChild(metric.wrap);
    var amount = input("of", "min_value", { type: "number", min: "0", step: "any", value: min[1] || "",
      className: "lg-min-value", "aria-label": "minimum value" });
    var apply = el("button", { type: "button", className: "lg-button lg-filters-apply" }, "Apply");
    var clear = el("button", { type: "button", className: "lg-button lg-filters-clear" }, "Clear filters");
    apply.addEventListener("click", function () {
      self.load(withParams(self.url, {
        from: from.value, to: to.value, more: null,
        min: metric.select.value ? metric.select.value + ":" + (amount.value || "0") : null
      }));
    });
    clear.addEventListener("click", function () {
      self.load(withParams(self.url, { medium: null, kind: null, from: null, to: null, min: null, more: null }));
    });
    [from, to, amount].forEach(function (field) {
      field.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); apply.click(); } });
    });
    box.appendChild(apply);
    if (Object.keys(data.filters || {}).length) box.appendChild(clear);
    bar.appendChild(box);
  }

  Graph.prototype.renderStatus = function () {
    var self = this;
    var data = self.data;
    var status = self.status;
    while (status.firstChild) status.removeChild(status.firstChild);
    var singular = data.kind === "artist" ? "artist" : data.kind === "console" ? "node" : "work";
    var noun = singular + "s";
    var text, links;
    var linkCount = self.edges ? self.edges.length : (data.edges || []).length;
    if (data.summary) {
      text = data.summary + " " + formatNumber(linkCount) + (linkCount === 1 ? " link." : " links.");
    } else if (data.view === "focus") {
      var drawn = self.nodes ? self.nodes.get().filter(function (n) { return n.info && n.info.kind === "work"; }).length : data.shown;
      text = formatNumber(drawn) + " of " + formatNumber(data.total) + " works drawn one by one (the " +
        formatNumber(data.per_gen) + " most significant per generation by " + String(data.rank || "").replace(/_/g, " ") +
        "), " + formatNumber(data.grouped) + " in groups, " + formatNumber(linkCount) + (linkCount === 1 ? " link." : " links.");
      var beyond = data.beyond || {};
      var further = (beyond.up || 0) + (beyond.down || 0);
      // Only the generation just past the depth is read (lineage.explore): say so, not "all that lie beyond".
      var whole = data.whole || {};
      var sizes = [];
      if (typeof whole.down === "number") sizes.push(formatNumber(whole.down) + (whole.down === 1 ? " descendant" : " descendants"));
      if (typeof whole.up === "number") sizes.push(formatNumber(whole.up) + (whole.up === 1 ? " ancestor" : " ancestors"));
      // The metrics counted every generation; without them, say that more may lie further.
      if (further) text += " " + formatNumber(further) + " more " + (further === 1 ? "work" : "works") +
        " one generation past depth " + formatNumber(data.depth) +
        (sizes.length ? "; the whole lineage holds " + sizes.join(" and ") + ": raise the depth to see them."
                      : ", and perhaps more further: raise the depth.");
      if (data.left_out) text += " " + formatNumber(data.left_out) + " past the node cap are not counted in.";
      if (data.lower_bound) text += " The walk stopped at its cap in a large generation: counts marked ≥ are at least that.";
      if (data.filters && Object.keys(data.filters).length) text += " Filtered: only works and links that pass are drawn or counted.";
    } else if (data.truncated) {
      text = "Showing " + formatNumber(data.shown) + " of " + formatNumber(data.total) + " " + noun + ": " +
        formatNumber(data.left_out) + " left out" + (data.cap ? " (node cap " + formatNumber(data.cap) + ")" : "") + ".";
    } else {
      var links = self.edges ? self.edges.length : (data.edges || []).length;
      text = formatNumber(data.shown) + " " + (data.shown === 1 ? singular : noun) + ", " +
        formatNumber(links) + (links === 1 ? " link." : " links.");
    }
    if (self.hidden.length) text += " " + formatNumber(self.hidden.length) + " hidden.";
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
    // Coloured by a metric: its ramp and range replace the media.
    var ramp = this.colour !== "medium" && this.renderColourLegend(legend);
    (ramp ? [] : data.legend || []).forEach(function (entry) {
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
    this.undim();
    if (this.network) this.paint();
  };

  Graph.prototype.select = function (id, how) {
    var self = this;
    var node = self.nodes.get(id);
    if (!node) return;
    var info = node.info || {};
    self.selected = id;
    if (self.network) {
      self.paint();
      if (how && how.centre) {
        var at = self.network.getPositions([id])[id];
        if (at) self.network.moveTo({ position: at, scale: Math.max(self.network.getScale(), self.data.min_scale || 0.7), animation: false });
      }
    }
    self.highlightChains(id);
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
    } else if (info.kind === "group") {
      if (info.role) {
        fact("Artists", info.count);
      } else {
        fact("Works", info.count);
        fact("Generation", Math.abs(info.generation) + (info.generation < 0 ? " up (sources)" : " down (remixes)"));
      }
      Object.keys(info.media || {}).forEach(function (m) { fact(m, info.media[m]); });
      if ((info.members_preview || []).length) fact("Among them", info.members_preview.join(" · "));
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
    if (info.kind === "group" && !self.standalone && info.next) {
      var page = Math.min(self.data.per_gen || LIMITS.per_gen, info.count);
      var next = el("button", { type: "button", className: "lg-button lg-group-next" }, "Show " + formatNumber(page) + " more");
      next.addEventListener("click", function () { self.openGroup(node, "next"); });
      actions.appendChild(next);
      if (info.count > page) {
        var all = el("button", { type: "button", className: "lg-button lg-group-all" }, "Show all " + formatNumber(info.count));
        all.addEventListener("click", function () { self.openGroup(node, "all"); });
        actions.appendChild(all);
      }
    }
    if (info.kind === "group" && self.data.more) {
      var fewer = el("button", { type: "button", className: "lg-button lg-group-reset" }, "Collapse the opened groups");
      fewer.addEventListener("click", function () {
        self.keepView = { position: self.network.getViewPosition(), scale: self.network.getScale() };
        self.load(withParams(self.url, { more: null }), { record: { label: "collapse the groups", before: self.snapshot() } });
      });
      actions.appendChild(fewer);
    }
    if (info.kind === "work" && !info.focus) {
      var hide = el("button", { type: "button", className: "lg-button lg-hide", title: "Hide this work (Delete)" }, "Hide");
      hide.addEventListener("click", function () { self.hide(id); });
      actions.appendChild(hide);
    }
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
    self.clearOfPanel(id);
  };

  // The panel lies over the canvas's right side (on a wide screen): when the selection falls under it,
  // the view moves left just enough for the node and its label; nothing moves otherwise.
  Graph.prototype.clearOfPanel = function (id) {
    var network = this.network, panel = this.panel;
    if (!network || panel.hidden || window.getComputedStyle(panel).position !== "absolute") return;
    var at = network.getPositions([id])[id];
    if (!at) return;
    var free = this.canvas.clientWidth - panel.offsetWidth - FOCUS_MARGIN;
    var x = network.canvasToDOM(at).x;
    if (x <= free || free <= 0) return;
    var scale = network.getScale(), centre = network.getViewPosition();
    network.moveTo({ position: { x: centre.x + (x - free) / scale, y: centre.y }, scale: scale, animation: false });
  };

  // Open a group in place: the same graph with that generation shown further, the view kept.
  Graph.prototype.openGroup = function (node, how) {
    var info = node.info || {};
    if (this.standalone || !this.url) return;
    this.keepView = { position: this.network.getViewPosition(), scale: this.network.getScale() };
    this.container.setAttribute("data-opened", String(node.id));
    return this.load(withParams(this.url, { more: how === "all" ? info.all : info.next }),
                     { record: { label: "open " + (info.title || "the group"), before: this.snapshot() } });
  };

  // The chains from the selection to the focus drawn bright, everything else dimmed.
  Graph.prototype.highlightChains = function (id) {
    var self = this;
    var focusId = self.data.focus;
    if (focusId === null || focusId === undefined || !self.nodes.get(focusId)) return;
    // Every drawn work is on a chain to the focus: the focus selected veils nothing.
    if (String(id) === String(focusId)) { self.undim(); return; }
    var up = {}, down = {};  // derived -> [sources], source -> [derived]
    self.edges.get().forEach(function (e) {
      (up[e.from] = up[e.from] || []).push(e.to);
      (down[e.to] = down[e.to] || []).push(e.from);
    });
    function reach(start, next) {
      var seen = {}; seen[start] = true;
      var queue = [start];
      while (queue.length) {
        var n = queue.shift();
        (next[n] || []).forEach(function (m) { if (!seen[m]) { seen[m] = true; queue.push(m); } });
      }
      return seen;
    }
    // On a chain between the two: reached from one going one way and from the other going back.
    var a = reach(id, up), b = reach(focusId, down), c = reach(id, down), d = reach(focusId, up);
    var on = {};
    Object.keys(a).forEach(function (n) { if (b[n]) on[n] = true; });
    Object.keys(c).forEach(function (n) { if (d[n]) on[n] = true; });
    on[id] = on[focusId] = true;
    self.lightUp(on, function (e) { return !!(on[String(e.from)] && on[String(e.to)]); });
    self.container.setAttribute("data-chain", String(Object.keys(on).length));
  };

  // Draw the nodes of `on` (keys: ids as text) and the edges `bright` accepts at full strength, dim the rest.
  // Nothing in the data sets changes: overlay() veils the whole picture after vis-network drew it and
  // draws the lit items again on top (paint(): over a copy of that picture, without drawing it again).
  // Updating the options of every node and edge instead cost 0.6-1.2 s per click on the 2,000-work
  // overview (each update re-scales every node).
  Graph.prototype.lightUp = function (on, bright) {
    var self = this;
    var lit = { nodes: {}, edges: {} };
    var nodes = self.network.body.nodes;
    Object.keys(on).forEach(function (key) { if (nodes[key]) lit.nodes[key] = true; });
    self.edges.forEach(function (e) { if (bright(e)) lit.edges[e.id] = true; });
    self.lit = lit;
    self.dimmed = true;
    self.paint();
  };

  Graph.prototype.undim = function () {
    if (!this.dimmed || !this.network) return;
    this.dimmed = false;
    this.lit = null;
    this.container.removeAttribute("data-chain");
    this.container.removeAttribute("data-connection-lit");
    this.paint();
  };

  // The ids of what is drawn at full strength while a highlight stands (null when none stands).
  Graph.prototype.litIds = function () {
    return this.dimmed ? { nodes: Object.keys(this.lit.nodes), edges: Object.keys(this.lit.edges) } : null;
  };

  // The picture vis-network just drew, before overlay() goes over it: paint() starts from it. Not kept
  // while the view moves (a drag, a zoom, the layout's simulation): vis-network draws again once it stops.
  Graph.prototype.keepPlain = function (ctx) {
    var renderer = this.network.renderer;
    var plain = this.plain || (this.plain = { canvas: document.createElement("canvas"), view: null });
    if (renderer.dragging || renderer.zooming || renderer.renderingActive) { plain.view = null; return; }
    var from = ctx.canvas;
    if (plain.canvas.width !== from.width) plain.canvas.width = from.width;
    if (plain.canvas.height !== from.height) plain.canvas.height = from.height;
    var copy = plain.canvas.getContext("2d");
    copy.clearRect(0, 0, from.width, from.height);
    copy.drawImage(from, 0, 0);
    plain.view = this.viewKey();
  };

  // Where the picture is: the canvas's size, the scale and the translation of the view.
  Graph.prototype.viewKey = function () {
    var view = this.network.body.view, canvas = this.network.canvas.frame.canvas;
    return [canvas.width, canvas.height, view.scale, view.translation.x, view.translation.y].join(" ");
  };

  // Show a new highlight or selection in the next frame: the picture vis-network drew last, then
  // overlay(). vis-network itself draws every node and label again (100-150 ms on the 2,000-work
  // overview at 1M works); this copies one bitmap and draws the few lit items. When the view has
  // moved since, or vis-network has a draw of its own coming, that draw carries the overlay.
  Graph.prototype.paint = function () {
    var self = this;
    if (self.painting || !self.network) return;
    self.painting = true;
    window.requestAnimationFrame(function () {
      self.painting = false;
      var network = self.network;
      if (!network) return;
      var renderer = network.renderer;
      if (!self.plain || self.plain.view !== self.viewKey() || renderer.redrawRequested || renderer.renderingActive) {
        requestDraw(network);
        return;
      }
      network.canvas.setTransform();  // the device pixel ratio, as vis-network sets it before drawing
      var ctx = network.canvas.getContext();
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
      ctx.drawImage(self.plain.canvas, 0, 0);
      ctx.restore();
      var view = network.body.view;
      ctx.save();
      ctx.translate(view.translation.x, view.translation.y);
      ctx.scale(view.scale, view.scale);
      self.overlay(ctx);
      ctx.restore();
      self.container.setAttribute("data-painted", String((Number(self.container.getAttribute("data-painted")) || 0) + 1));
    });
  };

  // What goes over vis-network's picture, in the graph's coordinates: while a highlight stands, the
  // veil and the lit edges, arrows, nodes and labels; then the selection (drawn selected: its ring, its
  // links in the highlight's colour). The order is vis-network's own (a pinned, vendored version: body,
  // draw and the selected flags are stable).
  Graph.prototype.overlay = function (ctx) {
    var body = this.network.body;
    var lit = this.dimmed && this.lit ? this.lit : { nodes: {}, edges: {} };
    var chosen = this.selected === null || this.selected === undefined ? null : body.nodes[this.selected] || null;
    if (!this.dimmed && !chosen) return;
    if (this.dimmed) {
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalAlpha = 1 - DIMMED;
      ctx.fillStyle = this.ground || "#ffffff";
      ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
      ctx.restore();
    }
    var edges = {};
    Object.keys(lit.edges).forEach(function (id) { edges[id] = body.edges[id]; });
    if (chosen) {
      chosen.edges.forEach(function (e) { if (!this.dimmed || lit.edges[e.id]) edges[e.id] = e; }, this);
    }
    var drawn = Object.keys(edges).map(function (id) { return edges[id]; }).filter(function (e) { return e && e.connected; });
    // The ends of every edge drawn go over it again (an edge runs from centre to centre), the selection last.
    var over = {};
    Object.keys(lit.nodes).forEach(function (key) { if (body.nodes[key]) over[key] = body.nodes[key]; });
    drawn.forEach(function (e) { over[e.from.id] = e.from; over[e.to.id] = e.to; });
    var nodes = Object.keys(over).map(function (key) { return over[key]; }).filter(function (n) { return n !== chosen; });
    if (chosen) nodes.push(chosen);
    function selectedWhile(item, on, draw) {
      var was = item.selected;
      item.selected = on;
      try { return draw(); } finally { item.selected = was; }
    }
    function touches(e) { return !!chosen && (e.from === chosen || e.to === chosen); }
    drawn.forEach(function (e) { selectedWhile(e, touches(e), function () { e.draw(ctx); }); });
    drawn.forEach(function (e) { selectedWhile(e, touches(e), function () { e.drawArrows(ctx); }); });
    var labels = [];
    nodes.forEach(function (node) {
      // The label keeps the state it was drawn with (vis-network passes it to the label's closure).
      var out = selectedWhile(node, node === chosen, function () { return node.draw(ctx); });
      if (out && out.drawExternalLabel) labels.push(out.drawExternalLabel);
    });
    labels.forEach(function (draw) { draw(); });
  };

  Graph.prototype.find = function (text) {
    var self = this;
    var wanted = String(text || "").trim().toLowerCase();
    if (!wanted || !self.nodes) return;
    var matches = self.nodes.get().filter(function (n) {
      return n.info && String(n.info.title || "").toLowerCase().indexOf(wanted) >= 0;
    });
    if (!matches.length) {
      self.container.setAttribute("data-found", "0");
      self.status.setAttribute("data-find", "none");
      self.announce("No work in this graph matches “" + text + "”.");
      return;
    }
    var at = 0;
    if (self.lastFind === wanted && self.selected !== null) {
      var index = matches.findIndex(function (n) { return n.id === self.selected; });
      at = (index + 1) % matches.length;
    }
    self.lastFind = wanted;
    self.container.setAttribute("data-found", String(matches.length));
    self.select(matches[at].id, { centre: true });
    self.announce("Match " + (at + 1) + " of " + matches.length + ": " + (matches[at].info.title || matches[at].id));
  };

  Graph.prototype.announce = function (text) {
    if (!this.live) {
      this.live = el("p", { className: "lg-live", role: "status", "aria-live": "polite" });
      this.container.insertBefore(this.live, this.stage);
    }
    this.live.textContent = text;
  };

  /* ------------------------------------------------------------------ export */

  Graph.prototype.fileName = function (ext) {
    var base = String(this.data.focus || this.data.kind || "graph").replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 60);
    return "lineage-" + (base || "graph") + "." + ext;
  };

  function saveBlob(blob, name) {
    var link = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.parentNode.removeChild(link); }, 1000);
  }

  Graph.prototype.exportPng = function () {
    var canvas = this.canvas.querySelector("canvas");
    if (!canvas) return;
    var name = this.fileName("png");
    // The canvas is transparent: paint the page's background under it.
    var copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    var ctx = copy.getContext("2d");
    ctx.fillStyle = DARK ? "#0d1117" : "#ffffff";
    ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(canvas, 0, 0);
    copy.toBlob(function (blob) { if (blob) saveBlob(blob, name); }, "image/png");
  };

  // The current view as SVG: nodes, links and labels where they stand (text, never markup, from the data).
  Graph.prototype.svgText = function () {
    var NS = "http://www.w3.org/2000/svg";
    var network = this.network;
    var positions = network.getPositions();
    var ids = Object.keys(positions);
    var xs = ids.map(function (i) { return positions[i].x; }), ys = ids.map(function (i) { return positions[i].y; });
    var pad = 120;
    var minX = Math.min.apply(null, xs.concat([0])) - pad, minY = Math.min.apply(null, ys.concat([0])) - pad;
    var width = Math.max.apply(null, xs.concat([0])) - minX + pad, height = Math.max.apply(null, ys.concat([0])) - minY + pad;
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("xmlns", NS);
    svg.setAttribute("viewBox", [minX, minY, width, height].join(" "));
    svg.setAttribute("width", String(Math.round(width)));
    svg.setAttribute("height", String(Math.round(height)));
    svg.setAttribute("font-family", "system-ui, sans-serif");
    var back = document.createElementNS(NS, "rect");
    back.setAttribute("x", minX); back.setAttribute("y", minY); back.setAttribute("width", width); back.setAttribute("height", height);
    back.setAttribute("fill", "#ffffff");
    svg.appendChild(back);
    var nodesById = {};
    this.nodes.get().forEach(function (n) { nodesById[String(n.id)] = n; });
    this.edges.get().forEach(function (e) {
      var a = positions[e.from], b = positions[e.to];
      if (!a || !b) return;
      var line = document.createElementNS(NS, "line");
      line.setAttribute("x1", a.x); line.setAttribute("y1", a.y); line.setAttribute("x2", b.x); line.setAttribute("y2", b.y);
      line.setAttribute("stroke", (e.color && e.color.color) || "#8A8F98");
      line.setAttribute("stroke-width", String(e.width || 1.2));
      if (e.dashes) line.setAttribute("stroke-dasharray", "5 4");
      svg.appendChild(line);
    });
    ids.forEach(function (id) {
      var n = nodesById[id];
      if (!n) return;
      var p = positions[id];
      var colour = (n.color && (n.color.background || n.color)) || "#BBBBBB";
      var g = document.createElementNS(NS, "g");
      var shape;
      if (n.shape === "box") {
        shape = document.createElementNS(NS, "rect");
        shape.setAttribute("x", p.x - 75); shape.setAttribute("y", p.y - 20); shape.setAttribute("width", 150); shape.setAttribute("height", 40);
        shape.setAttribute("rx", 4);
      } else {
        shape = document.createElementNS(NS, "circle");
        shape.setAttribute("cx", p.x); shape.setAttribute("cy", p.y); shape.setAttribute("r", n.info && n.info.focus ? 16 : 10);
      }
      shape.setAttribute("fill", typeof colour === "string" ? colour : "#BBBBBB");
      shape.setAttribute("stroke", (n.color && n.color.border) || "#4D4D4D");
      shape.setAttribute("stroke-width", String(n.borderWidth || 1));
      g.appendChild(shape);
      String(n.label || "").split("\n").forEach(function (line, i) {
        var t = document.createElementNS(NS, "text");
        t.setAttribute("x", p.x);
        t.setAttribute("y", p.shape === "box" || n.shape === "box" ? p.y - 4 + i * 15 : p.y + 28 + i * 15);
        t.setAttribute("text-anchor", "middle");
        t.setAttribute("font-size", n.shape === "box" ? "12" : "13");
        t.setAttribute("fill", "#1F2328");
        t.textContent = line;
        g.appendChild(t);
      });
      var title = document.createElementNS(NS, "title");
      title.textContent = typeof n.title === "string" ? n.title : String(n.label || id);
      g.appendChild(title);
      svg.appendChild(g);
    });
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
  };

  Graph.prototype.exportSvg = function () {
    saveBlob(new Blob([this.svgText()], { type: "image/svg+xml" }), this.fileName("svg"));
  };

  /* ------------------------------------------------------------------ the graph as a list */

  Graph.prototype.renderList = function () {
    var self = this;
    var body = self.list;
    while (body.firstChild) body.removeChild(body.firstChild);
    var nodes = self.nodes.get();
    var outgoing = {};
    self.edges.get().forEach(function (e) { (outgoing[e.from] = outgoing[e.from] || []).push(e.to); });
    var byId = {};
    nodes.forEach(function (n) { byId[String(n.id)] = n; });
    var rows = nodes.slice().sort(function (a, b) {
      var ga = a.info && a.info.generation !== undefined ? a.info.generation : (a.info && a.info.side === "ancestor" ? -a.info.distance : (a.info && a.info.distance) || 0);
      var gb = b.info && b.info.generation !== undefined ? b.info.generation : (b.info && b.info.side === "ancestor" ? -b.info.distance : (b.info && b.info.distance) || 0);
      return ga - gb;
    });
    var limit = LIMITS.list_items;
    var list = el("ul", { className: "lg-list-items" });
    rows.slice(0, limit).forEach(function (n) {
      var info = n.info || {};
      var item = el("li");
      if (info.url && !self.standalone) item.appendChild(el("a", { href: info.url }, info.title || String(n.id)));
      else item.appendChild(el("span", null, info.title || String(n.id)));
      var bits = [];
      if (info.kind === "group") bits.push(Math.abs(info.generation) + (info.generation < 0 ? " up" : " down"));
      else if (info.kind === "work") bits.push(relation(info), info.medium);
      else if (info.role) bits.push(info.role);
      var sources = (outgoing[n.id] || []).map(function (t) { var m = byId[String(t)]; return m && m.info ? m.info.title : String(t); });
      if (sources.length) bits.push((info.kind === "artist" ? "drew on " : "remixes ") + sources.slice(0, 6).join(", ") + (sources.length > 6 ? "…" : ""));
      item.appendChild(document.createTextNode(" — " + bits.filter(Boolean).join(" · ")));
      list.appendChild(item);
    });
    body.appendChild(list);
    if (rows.length > limit) body.appendChild(el("p", null, formatNumber(rows.length - limit) + " more not listed."));
  };

  // Dark mode, per node: the focus's heavy border and label turn light; a group keeps dark text on its light box.
  function darkNode(node) {
    var copy = Object.assign({}, node);
    var info = node.info || {};
    if (info.focus) {
      copy.color = Object.assign({}, node.color, { border: "#E6EDF3" });
      copy.font = Object.assign({}, node.font, { color: "#FFFFFF", strokeColor: "#0D1117" });
    } else if (info.kind === "group") {
      copy.font = Object.assign({}, node.font, { color: "#1F2328", strokeWidth: 0 });
    }
    return copy;
  }

  // Dark mode: the canvas text and lines follow prefers-color-scheme (the CSS does the rest).
  function themed(options) {
    if (!DARK) return options;
    var copy = JSON.parse(JSON.stringify(options));
    copy.nodes = copy.nodes || {};
    copy.nodes.font = Object.assign({}, copy.nodes.font, { color: "#E6EDF3", strokeWidth: 3, strokeColor: "#0D1117" });
    copy.edges = copy.edges || {};
    copy.edges.color = Object.assign({}, copy.edges.color, { color: "#7D8590", highlight: "#E6EDF3", hover: "#E6EDF3" });
    copy.edges.font = Object.assign({}, copy.edges.font, { color: "#C9D1D9", strokeColor: "#0D1117" });
    return copy;
  }

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
    return Number(this.container.getAttribute("data-node-cap")) || LIMITS.node_cap;
  };

  // Add a node's sources and remixes in place. Resolves to {added, left, total, more}: how many
  // were added, how many neighbours the answer left out, and the cap that would fetch more.
  Graph.prototype.expand = function (id, cap) {
    var self = this;
    var template = self.data.links.expand;
    var url = template.split("__ID__").join(encodeURIComponent(id));
    if (cap) url = withParams(url, { cap: cap });
    var before = self.snapshot();
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
      var sideways = self.data.view === "focus";  // generations stand in columns there
      [[above, -1], [below, 1]].forEach(function (row) {
        var group = row[0], sign = row[1];
        if (!group.length) return;
        var gap = sideways ? (self.data.row_gap || 76) : 120;
        var rowGap = sideways ? (self.data.column_gap || 200) : (self.data.row_gap || 110);
        var out = (sideways ? origin.x : origin.y) + sign * rowGap;
        // Step the row further out while it would land on existing nodes.
        for (var tries = 0; tries < 6 && (sideways ? crowdedColumn(taken, out, origin.y, group.length * gap)
                                                   : crowded(taken, origin.x, out, group.length * gap)); tries++) out += sign * rowGap / 2;
        group.forEach(function (n, i) {
          var copy = Object.assign({}, n);
          var along = (i - (group.length - 1) / 2) * gap;
          copy.x = sideways ? out : origin.x + along;
          copy.y = sideways ? origin.y + along : out;
          delete copy.level;
          copy.info = Object.assign({}, n.info, { expanded_from: parentTitle, side: null });
          placed.push(copy);
        });
      });
      var freshEdges = (extra.edges || []).filter(function (e) { return !self.edges.get(e.id); });
      var expansion = { label: "expand " + parentTitle, nodes: placed, edges: freshEdges };
      self.addExpansion(expansion);
      self.record(expansion.label, before);
      self.data.shown = self.nodes.length;
      if (!self.data.truncated) self.data.total = self.nodes.length;
      else self.data.left_out = Math.max(0, self.data.total - self.nodes.length);
      // New media join the legend.
      var known = {};
      (self.data.legend || []).forEach(function (entry) { known[entry.label] = true; });
      (extra.legend || []).forEach(function (entry) { if (!known[entry.label]) self.data.legend.push(entry); });
      self.applyColour();
      self.renderStatus();
      self.renderLegend();
      self.renderList();
      self.renderTools();
      self.container.setAttribute("data-expanded", String(id));
      var total = Number(extra.total) || (extra.nodes || []).length;
      var fetched = (extra.nodes || []).length;
      var wanted = Math.min(total, self.nodeCap());
      return { added: placed.length, left: Math.max(0, total - fetched), total: total,
               more: wanted > fetched ? wanted : null };
    });
  };

  function crowdedColumn(positions, x, y, height) {
    for (var i = 0; i < positions.length; i++) {
      var p = positions[i];
      if (Math.abs(p.x - x) < 80 && Math.abs(p.y - y) < height / 2 + 40) return true;
    }
    return false;
  }

  function crowded(positions, x, y, width) {
    for (var i = 0; i < positions.length; i++) {
      var p = positions[i];
      if (Math.abs(p.y - y) < 40 && Math.abs(p.x - x) < width / 2 + 60) return true;
    }
    return false;
  }

  /* ------------------------------------------------------------------ explorer tools
   * Undo and redo, hiding works, colour by a metric, "how is this connected to…", time travel.
   * The tools row is built once; renderTools() brings it in step with the graph drawn.
   */

  // Viridis (9 stops), a sequential palette legible for colour-blind readers. In dark mode its
  // darkest part (near black on the dark stage) is left out; in light mode its palest yellows.
  var VIRIDIS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"];
  var RAMP = DARK ? [0.3, 1] : [0, 0.8];
  var NO_VALUE = "#BBBBBB";
  var SHARED_DRAWN = 5;  // shared sources a connection draws (the nearest; the status counts them all)

  function parseHidden(text) {
    if (!text) return [];
    return String(text).split(",").filter(Boolean).map(function (part) {
      try { return decodeURIComponent(part); } catch (ignore) { return part; }
    });
  }

  function hexToRgb(hex) {
    var n = parseInt(hex.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }

  // The palette's colour at t in [0, 1] (already mapped into RAMP).
  function rampColour(t) {
    var u = RAMP[0] + (RAMP[1] - RAMP[0]) * Math.min(1, Math.max(0, t));
    var at = u * (VIRIDIS.length - 1);
    var i = Math.min(VIRIDIS.length - 2, Math.floor(at));
    var f = at - i;
    var a = hexToRgb(VIRIDIS[i]), b = hexToRgb(VIRIDIS[i + 1]);
    return "#" + [0, 1, 2].map(function (k) {
      var v = Math.round(a[k] + (b[k] - a[k]) * f);
      return (v < 16 ? "0" : "") + v.toString(16);
    }).join("");
  }

  // A title in at most two lines of 20 characters (as web/graphs/focus.py two_lines, simpler).
  function twoLines(title) {
    var words = String(title || "(untitled)").replace(/\s+/g, " ").trim().split(" ");
    var lines = [""];
    words.forEach(function (word) {
      var line = lines[lines.length - 1];
      if (!line) lines[lines.length - 1] = word;
      else if ((line + " " + word).length <= 20) lines[lines.length - 1] = line + " " + word;
      else lines.push(word);
    });
    if (lines.length > 2 || lines[1] && lines[1].length > 20 || lines[0].length > 20) {
      lines = lines.slice(0, 2).map(function (l) { return l.slice(0, 20); });
      lines[lines.length - 1] = lines[lines.length - 1].slice(0, 19) + "…";
    }
    return lines.join("\n");
  }

  function workUrl(id) {
    return "/works/" + encodeURIComponent(String(id)).replace(/%2F/g, "/");
  }

  function edgeId(derived, source) {
    return JSON.stringify([derived, source]);  // as web/graphs/text.py edge_id
  }

  function editable(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  Graph.prototype.buildTools = function () {
    var self = this;
    var tools = self.tools = el("div", { className: "lg-tools", role: "group", "aria-label": "Explorer tools" });
    self.connectionStatus = el("p", { className: "lg-connection", role: "status", "aria-live": "polite", hidden: true });
    self.undoButton = el("button", { type: "button", className: "lg-button lg-undo", disabled: true,
                                     "aria-keyshortcuts": "Control+Z" }, "Undo");
    self.redoButton = el("button", { type: "button", className: "lg-button lg-redo", disabled: true,
                                     "aria-keyshortcuts": "Control+Shift+Z" }, "Redo");
    self.showHiddenButton = el("button", { type: "button", className: "lg-button lg-show-hidden", hidden: true });
    self.undoButton.addEventListener("click", function () { self.undo(); });
    self.redoButton.addEventListener("click", function () { self.redo(); });
    self.showHiddenButton.addEventListener("click", function () { self.showHidden(); });
    tools.appendChild(self.undoButton);
    tools.appendChild(self.redoButton);
    tools.appendChild(self.showHiddenButton);

    var colour = self.colourBox = el("label", { className: "lg-control lg-colour" });
    colour.appendChild(el("span", null, "Colour by"));
    self.colourSelect = el("select", { name: "colour" });
    colour.appendChild(self.colourSelect);
    self.colourSelect.addEventListener("change", function () {
      self.colour = self.colourSelect.value;
      self.applyColour();
      self.renderLegend();
      self.writeClientParams();
    });
    // Built once (its choice survives a reload); renderToolbar places it among the drawing settings.

    // How is this connected to…: the site's suggest box, asked for works, choosing without navigating.
    self.connectBox = el("label", { className: "lg-control lg-connect", hidden: true });
    self.connectBox.appendChild(el("span", null, "How is this connected to…"));
    self.connectInput = el("input", { type: "search", name: "connect", placeholder: "another work", autocomplete: "off",
                                      "data-suggest": "works", "data-suggest-navigate": "false" });
    self.connectBox.appendChild(self.connectInput);
    self.connectInput.addEventListener("suggest:choose", function (event) {
      event.preventDefault();
      var item = event.detail || {};
      if (item.id !== undefined && item.id !== null) self.connect(String(item.id), item.label);
    });
    tools.appendChild(self.connectBox);

    self.timeBox = el("div", { className: "lg-control lg-time", hidden: true });
    tools.appendChild(self.timeBox);

    // Ctrl/Cmd-Z undoes, with Shift (or Ctrl-Y) redoes; a text field keeps its own undo.
    document.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || editable(event.target)) return;
      if (!self.network || !document.body.contains(self.container)) return;
      var key = String(event.key).toLowerCase();
      if (key === "z" && !event.shiftKey) { event.preventDefault(); self.undo(); }
      else if ((key === "z" && event.shiftKey) || key === "y") { event.preventDefault(); self.redo(); }
    });
  };

  Graph.prototype.renderTools = function () {
    var self = this;
    var data = self.data || {};
    self.undoButton.disabled = !self.past.length;
    self.redoButton.disabled = !self.future.length;
    self.undoButton.title = self.past.length ? "Undo " + self.past[self.past.length - 1].label : "Nothing to undo";
    self.redoButton.title = self.future.length ? "Redo " + self.future[self.future.length - 1].label : "Nothing to redo";
    self.showHiddenButton.hidden = !self.hidden.length;
    self.showHiddenButton.textContent = "Show hidden (" + formatNumber(self.hidden.length) + ")";
    // Colour: by medium, or by any metric the graph offers for size.
    var metrics = (data.size_metrics || []).slice();
    var select = self.colourSelect;
    while (select.firstChild) select.removeChild(select.firstChild);
    [["medium", "medium"]].concat(metrics.map(function (m) { return [m, m.replace(/_/g, " ")]; })).forEach(function (c) {
      var option = el("option", { value: c[0] }, c[1]);
      if (c[0] === self.colour) option.selected = true;
      select.appendChild(option);
    });
    if (metrics.indexOf(self.colour) < 0) { self.colour = "medium"; select.value = "medium"; }
    self.colourBox.hidden = data.kind !== "lineage";  // works are coloured; artists and console rows are not
    var works = data.kind === "lineage" && !self.standalone;
    self.connectBox.hidden = !(works && self.container.getAttribute("data-connection-api"));
    if (!self.connectBox.hidden && window.LineageSuggest && !self.connectInput.lineageSuggest) {
      window.LineageSuggest.attach(self.connectInput, { kind: "works", navigate: false });
    }
    self.renderTime();
  };

  /* --- undo and redo: a state is the address of the graph, what was added in place, what is hidden */

  Graph.prototype.snapshot = function () {
    return { url: this.url, expansions: this.expansions.slice(), hidden: this.hidden.slice() };
  };

  Graph.prototype.record = function (label, before) {
    this.past.push({ label: label, state: before });
    this.future = [];
    this.renderTools();
  };

  Graph.prototype.undo = function () {
    var entry = this.past.pop();
    if (!entry) return;
    this.future.push({ label: entry.label, state: this.snapshot() });
    this.restore(entry.state);
    this.announce("Undone: " + entry.label + ".");
  };

  Graph.prototype.redo = function () {
    var entry = this.future.pop();
    if (!entry) return;
    this.past.push({ label: entry.label, state: this.snapshot() });
    this.restore(entry.state);
    this.announce("Redone: " + entry.label + ".");
  };

  Graph.prototype.restore = function (state) {
    var self = this;
    self.hidePanel();
    self.clearConnection();
    if (state.url !== self.url) {
      // Another address (a group opened or collapsed): load it where the view stands, then add back.
      self.hidden = state.hidden.slice();
      self.keepView = { position: self.network.getViewPosition(), scale: self.network.getScale() };
      self.renderTools();
      return self.load(state.url, { restore: state });
    }
    var keep = state.expansions;
    self.expansions.slice().reverse().forEach(function (e) { if (keep.indexOf(e) < 0) self.removeExpansion(e); });
    keep.forEach(function (e) { if (self.expansions.indexOf(e) < 0) self.addExpansion(e); });
    self.setHidden(state.hidden);
    self.afterChange();
  };

  Graph.prototype.afterChange = function () {
    this.data.shown = this.nodes.length;
    this.applyColour();
    this.renderStatus();
    this.renderLegend();
    this.renderList();
    this.renderTools();
    this.writeClientParams();
  };

  // Every edge known: the loaded graph's and those of the expansions.
  Graph.prototype.knownEdges = function () {
    var all = (this.base && this.base.edges || []).slice();
    this.expansions.forEach(function (x) { all = all.concat(x.edges); });
    return all;
  };

  Graph.prototype.addExpansion = function (expansion) {
    var self = this;
    self.freeze();
    var hidden = self.hiddenSet();
    var fresh = expansion.nodes.filter(function (n) { return !hidden[String(n.id)] && !self.nodes.get(n.id); });
    self.nodes.add(fresh);
    var edges = expansion.edges.filter(function (e) {
      return !self.edges.get(e.id) && self.nodes.get(e.from) && self.nodes.get(e.to);
    });
    self.edges.add(edges);
    self.expansions.push(expansion);
  };

  Graph.prototype.removeExpansion = function (expansion) {
    var self = this;
    var at = self.expansions.indexOf(expansion);
    if (at < 0) return;
    self.expansions.splice(at, 1);
    var keepNodes = {}, keepEdges = {};
    Object.keys(self.base.nodes).forEach(function (id) { keepNodes[id] = true; });
    self.base.edges.forEach(function (e) { keepEdges[e.id] = true; });
    self.expansions.forEach(function (x) {
      x.nodes.forEach(function (n) { keepNodes[String(n.id)] = true; });
      x.edges.forEach(function (e) { keepEdges[e.id] = true; });
    });
    var goneNodes = expansion.nodes.filter(function (n) { return !keepNodes[String(n.id)]; }).map(function (n) { return n.id; });
    var gone = {};
    goneNodes.forEach(function (id) { gone[String(id)] = true; });
    var goneEdges = self.edges.get().filter(function (e) {
      return gone[String(e.from)] || gone[String(e.to)] || (!keepEdges[e.id] && expansion.edges.some(function (x) { return x.id === e.id; }));
    }).map(function (e) { return e.id; });
    self.edges.remove(goneEdges);
    self.nodes.remove(goneNodes);
  };

  /* --- hiding works */

  Graph.prototype.hiddenSet = function () {
    var set = {};
    this.hidden.forEach(function (id) { set[String(id)] = true; });
    return set;
  };

  Graph.prototype.hideSelected = function () {
    if (this.selected === null || this.selected === undefined) return;
    this.hide(this.selected);
  };

  Graph.prototype.hide = function (id) {
    var node = this.nodes.get(id);
    var info = (node && node.info) || {};
    if (!node || info.kind !== "work" || info.focus) return;  // the focus stays; groups open instead
    var before = this.snapshot();
    this.hidePanel();
    this.setHidden(this.hidden.concat([String(id)]));
    this.record("hide “" + (info.title || id) + "”", before);
    this.afterChange();
    this.announce("Hidden: " + (info.title || id) + ". Undo or Show hidden brings it back.");
    this.canvas.focus();
  };

  Graph.prototype.showHidden = function () {
    if (!this.hidden.length) return;
    var before = this.snapshot();
    var count = this.hidden.length;
    this.setHidden([]);
    this.record("show " + count + " hidden", before);
    this.afterChange();
    this.announce(count + (count === 1 ? " work is" : " works are") + " shown again.");
  };

  // Take works out of the drawing or put them back where they stood (positions are pinned first).
  Graph.prototype.setHidden = function (ids) {
    var self = this;
    var wanted = {};
    ids.forEach(function (id) { wanted[String(id)] = true; });
    var was = self.hiddenSet();
    self.hidden = Object.keys(wanted);
    var out = self.hidden.filter(function (id) { return !was[id]; });
    var back = Object.keys(was).filter(function (id) { return !wanted[id]; });
    if (!out.length && !back.length) return;
    self.freeze();
    self.undim();
    self.where = self.where || {};
    var idOf = {};
    self.nodes.getIds().forEach(function (n) { idOf[String(n)] = n; });
    out.forEach(function (key) {
      var id = idOf[key];
      if (id === undefined) return;
      self.where[key] = self.network.getPositions([id])[id];
      self.edges.remove(self.network.getConnectedEdges(id));
      self.nodes.remove(id);
    });
    back.forEach(function (key) {
      var source = null;
      self.expansions.forEach(function (x) { x.nodes.forEach(function (n) { if (String(n.id) === key) source = n; }); });
      source = source || self.base.nodes[key];
      if (!source || self.nodes.get(source.id)) return;
      var copy = Object.assign({}, source);
      if (self.where[key]) { copy.x = self.where[key].x; copy.y = self.where[key].y; }
      self.nodes.add(copy);
    });
    if (back.length) {
      var edges = self.knownEdges().filter(function (e) {
        return !self.edges.get(e.id) && self.nodes.get(e.from) && self.nodes.get(e.to);
      });
      var seen = {};
      self.edges.add(edges.filter(function (e) { if (seen[e.id]) return false; seen[e.id] = true; return true; }));
    }
  };

  // The client-only settings in the page address and in the page's own GET forms.
  Graph.prototype.writeClientParams = function () {
    if (!this.syncAddress || !window.history || !window.history.replaceState) return;
    var values = {
      hide: this.hidden.length ? this.hidden.map(encodeURIComponent).join(",") : null,
      colour: this.colour && this.colour !== "medium" ? this.colour : null,
    };
    window.history.replaceState(window.history.state, "", withParams(window.location.href, values));
    Array.prototype.forEach.call(document.querySelectorAll("form[data-keep-view]"), function (form) {
      CLIENT_PARAMS.forEach(function (name) {
        var input = form.querySelector('input[type=hidden][name="' + name + '"]');
        if (!values[name]) { if (input) input.parentNode.removeChild(input); return; }
        if (!input) { input = el("input", { type: "hidden", name: name }); form.insertBefore(input, form.firstChild); }
        input.value = values[name];
      });
    });
  };

  /* --- colour by a metric */

  function metricOf(node, metric) {
    var info = node.info || {};
    var value = metric === "degree" ? info.degree : (info.metrics || {})[metric];
    return typeof value === "number" && isFinite(value) ? value : null;
  }

  // The scale of the values drawn: linear, or logarithmic when they span more than 100 times.
  Graph.prototype.colourScale = function () {
    var metric = this.colour;
    var values = this.nodes.get().filter(function (n) { return n.info && n.info.kind === "work"; })
      .map(function (n) { return metricOf(n, metric); }).filter(function (v) { return v !== null; });
    if (!values.length) return { metric: metric, count: 0 };
    var low = Math.min.apply(null, values), high = Math.max.apply(null, values);
    var positive = values.filter(function (v) { return v > 0; });
    var smallest = positive.length ? Math.min.apply(null, positive) : 0;
    var log = low >= 0 && smallest > 0 && high / smallest > 100;
    var f = log ? function (v) { return Math.log(v + smallest); } : function (v) { return v; };
    var a = f(low), b = f(high);
    return { metric: metric, count: values.length, low: low, high: high, log: log,
             at: function (v) { return b > a ? (f(v) - a) / (b - a) : 1; } };
  };

  Graph.prototype.applyColour = function () {
    var self = this;
    if (!self.nodes) return;
    var works = self.nodes.get().filter(function (n) { return n.info && n.info.kind === "work"; });
    var medium = self.mediumColours || (self.mediumColours = {});
    works.forEach(function (n) { if (!medium[String(n.id)]) medium[String(n.id)] = n.color; });
    var updates;
    if (self.colour === "medium") {
      updates = works.filter(function (n) { return n.color !== medium[String(n.id)]; })
        .map(function (n) { return { id: n.id, color: medium[String(n.id)] }; });
      self.scale = null;
    } else {
      var scale = self.scale = self.colourScale();
      updates = works.map(function (n) {
        var v = metricOf(n, self.colour);
        var fill = v === null || !scale.count ? NO_VALUE : rampColour(scale.at(v));
        var base = medium[String(n.id)] || {};
        var border = base.border || "#4D4D4D";
        return { id: n.id, color: { background: fill, border: border,
                                   highlight: { background: fill, border: (base.highlight || {}).border || "#0969DA" },
                                   hover: { background: fill, border: DARK ? "#FFFFFF" : "#000000" } } };
      });
    }
    if (updates.length) self.nodes.update(updates);
    self.container.setAttribute("data-colour", self.colour);
  };

  Graph.prototype.renderColourLegend = function (legend) {
    var scale = this.scale;
    if (!scale) return false;
    var name = scale.metric.replace(/_/g, " ");
    var box = el("div", { className: "lg-ramp-legend" });
    if (!scale.count) {
      box.appendChild(el("span", { className: "lg-ramp-title" }, "Colour by " + name + ": not computed for these works (lineage metrics)."));
      legend.appendChild(box);
      return true;
    }
    box.appendChild(el("span", { className: "lg-ramp-title" },
      "Colour by " + name + (scale.log ? " (log scale)" : "") + ": " + formatNumber(scale.low) + " to " + formatNumber(scale.high)));
    var ramp = el("span", { className: "lg-ramp", role: "img",
                            "aria-label": name + " from " + formatNumber(scale.low) + " (darker) to " + formatNumber(scale.high) + " (lighter)" });
    var stops = [];
    for (var i = 0; i <= 8; i++) stops.push(rampColour(i / 8));
    ramp.style.backgroundImage = "linear-gradient(to right, " + stops.join(", ") + ")";
    box.appendChild(el("span", { className: "lg-ramp-end" }, formatNumber(scale.low)));
    box.appendChild(ramp);
    box.appendChild(el("span", { className: "lg-ramp-end" }, formatNumber(scale.high)));
    var none = el("span", { className: "lg-ramp-none" });
    var swatch = el("span", { className: "lg-swatch", "aria-hidden": "true" });
    swatch.style.backgroundColor = NO_VALUE;
    none.appendChild(swatch);
    none.appendChild(document.createTextNode("no value"));
    box.appendChild(none);
    legend.appendChild(box);
    return true;
  };

  /* --- how is this connected to… */

  Graph.prototype.connect = function (otherId, label) {
    var self = this;
    var api = self.container.getAttribute("data-connection-api");
    if (!api || !self.network) return Promise.resolve();
    var focusId = self.data.focus;
    self.showConnection("Looking for a connection to " + (label || otherId) + "…");
    self.container.setAttribute("data-connection", "loading");
    return fetchGraph(withParams(api, { to: otherId })).then(function (answer) {
      self.drawConnection(focusId, answer);
    }).catch(function (error) {
      self.container.setAttribute("data-connection", "error");
      self.showConnection("No connection shown: " + error.message);
    });
  };

  Graph.prototype.showConnection = function (text) {
    this.connectionStatus.hidden = false;
    this.connectionStatus.textContent = text;
  };

  Graph.prototype.clearConnection = function () {
    this.connectionStatus.hidden = true;
    this.connectionStatus.textContent = "";
    this.container.removeAttribute("data-connection");
  };

  // The node of a work the graph does not draw yet, styled as the others (medium colour from the legend).
  Graph.prototype.connectionNode = function (work, at) {
    var colours = {};
    (this.data.legend || []).forEach(function (entry) { colours[entry.label] = entry.colour; });
    var fill = colours[work.medium] || colours.other || NO_VALUE;
    var metrics = {};
    Object.keys(work).forEach(function (k) {
      if (["id", "title", "medium", "created_at", "status", "remix", "distance_a", "distance_b"].indexOf(k) < 0 && typeof work[k] === "number") metrics[k] = work[k];
    });
    var title = String(work.title || "(untitled)");
    return {
      id: work.id, x: at.x, y: at.y, label: twoLines(title), shape: "dot", size: 10,
      title: title + (work.medium ? "\n" + work.medium : "") + (work.created_at ? " · " + work.created_at : ""),
      color: { background: fill, border: "#4D4D4D", highlight: { background: fill, border: "#0969DA" },
               hover: { background: fill, border: "#000000" } },
      info: { kind: "work", title: title, medium: work.medium || null, created_at: work.created_at || null,
              status: work.status || null, side: null, connection: true, metrics: metrics,
              url: this.standalone ? null : workUrl(work.id) },
    };
  };

  // A free place `steps` generations from `from` (columns in the focus view, rows in the overview).
  Graph.prototype.freePlace = function (from, steps, taken) {
    var sideways = this.data.view === "focus";
    var gap = sideways ? (this.data.column_gap || 200) : 150;
    var along = sideways ? (this.data.row_gap || 76) : 150;
    var at = sideways ? { x: from.x + steps * gap, y: from.y } : { x: from.x, y: from.y + steps * gap };
    for (var i = 0; i < 60; i++) {
      var offset = (i % 2 ? -1 : 1) * Math.ceil(i / 2) * along;
      var spot = sideways ? { x: at.x, y: at.y + offset } : { x: at.x + offset, y: at.y };
      var clash = taken.some(function (p) { return Math.abs(p.x - spot.x) < (sideways ? 80 : along * 0.8) && Math.abs(p.y - spot.y) < (sideways ? along * 0.8 : 60); });
      if (!clash) { taken.push(spot); return spot; }
    }
    taken.push(at);
    return at;
  };

  Graph.prototype.drawConnection = function (focusId, answer) {
    var self = this;
    var before = self.snapshot();
    self.hidePanel();
    self.freeze();
    var positions = self.network.getPositions();
    var taken = Object.keys(positions).map(function (k) { return positions[k]; });
    var chain = answer.path || [];
    var other = answer.to || {};
    var nodes = [], edges = [];
    var placed = {};
    Object.keys(positions).forEach(function (k) { placed[k] = positions[k]; });
    var on = {}, lit = {};
    on[String(focusId)] = true;
    var added = {};
    function ensure(work, from, steps) {
      var key = String(work.id);
      if (!placed[key]) {
        added[key] = true;
        var node = self.connectionNode(work, self.freePlace(from, steps, taken));
        placed[key] = { x: node.x, y: node.y };
        nodes.push(node);
      }
      on[key] = true;
      return placed[key];
    }
    function link(derived, source, kind, dashed, steps) {
      var id = dashed ? "connection:" + edgeId(derived, source) : edgeId(derived, source);
      lit[id] = true;
      if (self.edges.get(id) || edges.some(function (e) { return e.id === id; })) return;
      var edge = { id: id, from: derived, to: source, title: dashed ? "derives from it in " + steps + " steps" : (kind || "remix"),
                   color: { color: "#0969DA", highlight: "#0969DA", hover: "#0969DA" }, width: 2 };
      if (dashed) { edge.dashes = [6, 4]; if (steps > 1) edge.label = steps + " steps"; }
      edges.push(edge);
    }
    if (chain.length) {
      // From the focus outward: up the chain when the focus derives from the other, else down it.
      var ordered = chain[0].id === focusId ? chain : chain.slice().reverse();
      var way = chain[0].id === focusId ? -1 : 1;
      var prev = placed[String(focusId)] || { x: 0, y: 0 };
      for (var i = 1; i < ordered.length; i++) prev = ensure(ordered[i], prev, way);
      for (var j = 0; j + 1 < chain.length; j++) link(chain[j].id, chain[j + 1].id, (chain[j].remix || {}).kind, false, 1);
    } else if (answer.connected) {
      var near = (answer.shared || [])[0];
      ensure(other, placed[String(focusId)] || { x: 0, y: 0 }, near ? near.distance_a - near.distance_b : 0);
    }
    var shared = (answer.shared || []).slice(0, SHARED_DRAWN);
    shared.forEach(function (work) {
      ensure(work, placed[String(focusId)] || { x: 0, y: 0 }, -work.distance_a);
      // A line from each end to a shared source: the remix link at one step, a dashed "n steps" one
      // further, unless both were drawn already (their drawn links light up instead). With a chain
      // the other work reaches the shared sources through the focus: no lines from it.
      var ends = [[focusId, work.distance_a]];
      if (!chain.length) ends.push([other.id, work.distance_b]);
      ends.forEach(function (pair) {
        if (pair[0] === undefined || !on[String(pair[0])]) return;
        if (pair[1] === 1) link(pair[0], work.id, null, false, 1);
        else if (added[String(work.id)] || added[String(pair[0])]) link(pair[0], work.id, null, true, pair[1]);
      });
    });
    var hidden = self.hiddenSet();
    var back = Object.keys(on).filter(function (k) { return hidden[k]; });
    if (nodes.length || edges.length || back.length) {
      var expansion = { label: "connection to " + (other.title || other.id), nodes: nodes, edges: edges };
      if (back.length) self.setHidden(self.hidden.filter(function (id) { return !on[id]; }));  // a hidden work on the chain comes back
      self.addExpansion(expansion);
      self.record(expansion.label, before);
      self.afterChange();
    }
    if (answer.connected) {
      self.lightUp(on, function (e) { return !!lit[e.id] || !!(on[String(e.from)] && on[String(e.to)]); });
      self.container.setAttribute("data-connection-lit", String(Object.keys(on).length));
      // Bring the whole connection into view, no closer than the view was (nor than legible).
      var scale = self.network.getScale();
      var idOf = {};
      self.nodes.getIds().forEach(function (n) { idOf[String(n)] = n; });
      var ids = Object.keys(on).map(function (k) { return idOf[k]; }).filter(function (n) { return n !== undefined; });
      self.network.fit({ nodes: ids, animation: false, maxZoomLevel: Math.max(scale, self.data.min_scale || 0.7) });
    }
    self.container.setAttribute("data-connection", answer.connected ? (chain.length ? "chain" : "shared") : "none");
    self.showConnection(connectionText(answer, focusId));
  };

  function connectionText(answer, focusId) {
    var chain = answer.path || [];
    var other = (answer.to || {}).title || (answer.to || {}).id;
    var focus = (answer.from || {}).title || focusId;
    var sharedCount = answer.shared_total || 0;
    var shared = formatNumber(sharedCount) + (sharedCount === 1 ? " shared source" : " shared sources");
    if (sharedCount > SHARED_DRAWN) shared += " (the nearest " + SHARED_DRAWN + " drawn)";
    if (chain.length) {
      var ordered = chain[0].id === focusId ? chain : chain.slice().reverse();
      var steps = chain.length - 1;
      var how = chain[0].id === focusId ? focus + " derives from " + other : other + " derives from " + focus;
      return formatNumber(steps) + (steps === 1 ? " step: " : " steps: ") +
        ordered.map(function (w) { return w.title || w.id; }).join(" → ") + " (" + how + "); " + shared + ".";
    }
    if (answer.connected) {
      var names = (answer.shared || []).slice(0, 3).map(function (w) { return w.title || w.id; }).join(", ");
      return "Neither derives from the other; " + shared + ": " + names + (sharedCount > 3 ? "…" : "") + ".";
    }
    return focus + " and " + other + " are not connected: neither derives from the other and they share no source.";
  }

  /* --- time travel: the as-of day on a slider over the dates of the works drawn */

  Graph.prototype.renderTime = function () {
    var self = this;
    var box = self.timeBox;
    while (box.firstChild) box.removeChild(box.firstChild);
    var form = document.querySelector("form.as-of");
    var data = self.data || {};
    box.hidden = true;
    if (!self.base || !form || self.standalone || data.kind !== "lineage" || !self.syncAddress) return;
    var asOf = self.container.getAttribute("data-as-of") || "";
    var days = {};
    Object.keys(self.base.nodes).forEach(function (k) {
      var at = String((self.base.nodes[k].info || {}).created_at || "").slice(0, 10);
      if (/^\d{4}-\d{2}-\d{2}$/.test(at)) days[at] = (days[at] || 0) + 1;
    });
    if (asOf) days[asOf] = days[asOf] || 0;
    var dates = Object.keys(days).sort();
    if (dates.length < 2 && !asOf) return;
    var counted = [], sum = 0;
    dates.forEach(function (d) { sum += days[d]; counted.push(sum); });
    var index = asOf ? dates.indexOf(asOf) : dates.length;  // the last stop is today
    box.hidden = false;
    var id = "lg-time-" + (self.token || 0);
    box.appendChild(el("label", { for: id }, "Time travel"));
    var slider = el("input", { type: "range", id: id, name: "time", min: 0, max: dates.length, step: 1, value: index,
                               className: "lg-time-slider" });
    var shown = el("output", { className: "lg-time-value", for: id });
    box.appendChild(slider);
    box.appendChild(shown);
    function say(i) {
      var text = i >= dates.length ? "today" : dates[i] + " · " + formatNumber(counted[i]) + " of " + formatNumber(sum) + " dated works drawn";
      shown.textContent = text;
      slider.setAttribute("aria-valuetext", i >= dates.length ? "today" : dates[i]);
    }
    say(index);
    var timer = null;
    slider.addEventListener("input", function () { say(Number(slider.value)); });
    slider.addEventListener("change", function () {
      say(Number(slider.value));
      clearTimeout(timer);
      // Arrow keys change it step by step: go once the reader pauses.
      timer = setTimeout(function () {
        var i = Number(slider.value);
        if (i === index) return;
        self.writeClientParams();
        window.location.assign(withParams(window.location.href, { as_of: i >= dates.length ? null : dates[i] }));
      }, 500);
    });
  };

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
      mount(container, { syncAddress: true, hidden: parseHidden(page.get("hide")), colour: page.get("colour") })
        .load(withParams(url, changes));
    });
  }

  window.LineageGraph = { mount: mount, draw: draw, Graph: Graph };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
