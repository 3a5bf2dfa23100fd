/* Search as you type: suggestions from /api/suggest under any <input data-suggest>.
 *
 * Markup: <input data-suggest="all|works|artists"> (the kind to suggest; empty means all).
 * Optional: data-suggest-url (default /api/suggest), data-suggest-navigate="false" (do not open
 * the chosen result's page: listen for the event instead), data-suggest-fill="id" (a form field
 * that takes an id: the chosen item's id goes in the box, not its title).
 *
 * When a suggestion is chosen (Enter on it, or a click) the input dispatches a bubbling,
 * cancelable CustomEvent "suggest:choose" with detail {kind: "work"|"artist", id, label, detail,
 * url}. Unless a listener calls preventDefault() (or navigation is off), the page goes to url.
 *
 * Script use: LineageSuggest.attach(input, {kind, url, navigate}) returns {close, refresh, destroy};
 * LineageSuggest.attachAll(root) attaches to every [data-suggest] under root (done on load).
 *
 * Keyboard (ARIA 1.2 combobox with a listbox popup): ArrowDown/ArrowUp move through the
 * suggestions (and open them), Enter chooses the active one (or submits the form as typed when
 * none is active), Escape closes them (a second Escape clears the box), Tab leaves.
 */
(function () {
  "use strict";

  // Characters typed before suggestions are asked for: the page's data (lineage/limits.py), no copy here.
  var MIN_CHARS = JSON.parse((document.getElementById("lineage-limits") || {}).textContent || "{}").suggest_min_chars;
  var DELAY_MS = 120;
  var counter = 0;

  function attach(input, options) {
    if (input.lineageSuggest) return input.lineageSuggest;
    options = options || {};
    var kind = options.kind || input.getAttribute("data-suggest") || "all";
    var endpoint = options.url || input.getAttribute("data-suggest-url") || "/api/suggest";
    var navigate = options.navigate !== undefined ? options.navigate
      : input.getAttribute("data-suggest-navigate") !== "false";
    var fill = options.fill || input.getAttribute("data-suggest-fill") || "label";
    var id = input.id || ("suggest-input-" + (++counter));
    input.id = id;

    var wrap = document.createElement("div");
    wrap.className = "suggest";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);

    var list = document.createElement("ul");
    list.id = id + "-suggestions";
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    wrap.appendChild(list);

    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrap.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    var items = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var asked = "";  // the text of the latest request: older answers are dropped

    function open() {
      if (!items.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function setActive(index) {
      var options = list.children;
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(found) {
      items = found;
      active = -1;
      list.textContent = "";
      found.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.className = "suggest-option suggest-" + item.kind;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var badge = document.createElement("span");
        badge.className = "kind-badge kind-" + item.kind;
        badge.textContent = item.kind;
        var name = document.createElement("span");
        name.className = "suggest-label";
        name.textContent = item.label;
        var detail = document.createElement("span");
        detail.className = "suggest-detail";
        detail.textContent = item.detail || "";
        li.appendChild(badge);
        li.appendChild(name);
        li.appendChild(detail);
        // mousedown, not click: the input keeps its focus, so the list is not closed first.
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        li.addEventListener("mousemove", function () { if (active !== i) setActive(i); });
        list.appendChild(li);
      });
      status.textContent = found.length
        ? found.length + " suggestion" + (found.length === 1 ? "" : "s") + ", arrow keys to choose"
        : "";
      if (found.length && document.activeElement === input) open(); else close();
    }

    function fetchNow() {
      var text = input.value.trim();
      if (text.length < MIN_CHARS) {
        asked = "";
        render([]);
        return;
      }
      if (text === asked) {
        open();
        return;
      }
      asked = text;
      if (pending && pending.abort) pending.abort();
      pending = window.AbortController ? new AbortController() : null;
      var address = endpoint + "?q=" + encodeURIComponent(text) + "&kind=" + encodeURIComponent(kind);
      fetch(address, {headers: {"Accept": "application/json"}, signal: pending ? pending.signal : undefined})
        .then(function (response) { return response.ok ? response.json() : {items: []}; })
        .then(function (body) {
          if (text !== asked) return;
          render(body.items || []);
        })
        .catch(function () { /* aborted by newer typing, or the server is away: no suggestions */ });
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(fetchNow, DELAY_MS);
    }

    function choose(index) {
      var item = items[index];
      if (!item) return;
      input.value = fill === "id" ? item.id : item.label;
      close();
      var event = new CustomEvent("suggest:choose", {bubbles: true, cancelable: true, detail: {
        kind: item.kind, id: item.id, label: item.label, detail: item.detail, url: item.url
      }});
      var proceed = input.dispatchEvent(event);
      if (proceed && navigate && item.url) window.location.assign(item.url);
    }

    function onKey(event) {
      var shown = !list.hidden && items.length;
      if (event.key === "ArrowDown" || event.key === "Down") {
        event.preventDefault();
        if (!shown) { open(); if (!items.length) fetchNow(); return; }
        setActive(active + 1 >= items.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        event.preventDefault();
        if (!shown) { open(); return; }
        setActive(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (shown && active >= 0) {
          event.preventDefault();
          choose(active);
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (shown) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          asked = "";
          items = [];
        }
      } else if (event.key === "Home" || event.key === "End") {
        if (shown && active >= 0) {
          event.preventDefault();
          setActive(event.key === "Home" ? 0 : items.length - 1);
        }
      }
    }

    function onBlur() { setTimeout(close, 0); }

    input.addEventListener("input", schedule);
    input.addEventListener("keydown", onKey);
    input.addEventListener("blur", onBlur);
    input.addEventListener("focus", function () { if (items.length && input.value.trim() === asked) open(); });

    var controller = {
      close: close,
      refresh: function () { asked = ""; fetchNow(); },
      destroy: function () {
        input.removeEventListener("input", schedule);
        input.removeEventListener("keydown", onKey);
        input.removeEventListener("blur", onBlur);
        ["role", "aria-autocomplete", "aria-expanded", "aria-controls", "aria-activedescendant"]
          .forEach(function (name) { input.removeAttribute(name); });
        wrap.parentNode.insertBefore(input, wrap);
        wrap.parentNode.removeChild(wrap);
        delete input.lineageSuggest;
      }
    };
    input.lineageSuggest = controller;
    return controller;
  }

  function attachAll(root) {
    var inputs = (root || document).querySelectorAll("input[data-suggest]");
    for (var i = 0; i < inputs.length; i++) attach(inputs[i]);
  }

  window.LineageSuggest = {attach: attach, attachAll: attachAll, MIN_CHARS: MIN_CHARS};
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { attachAll(document); });
  } else {
    attachAll(document);
  }
})();
