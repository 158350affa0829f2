/* kursportal: the display settings switch, the folding menu on phones, the
   search field (its script loads when a reader first uses it) and the form
   buttons.
   Everything here is an extra: without JavaScript the pages read, work and
   print as they are, so the controls stay hidden until this script runs. */
(function () {
  "use strict";
  var KEY = "kp-visning";
  var root = document.documentElement;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function save(settings) {
    try { localStorage.setItem(KEY, JSON.stringify(settings)); } catch (e) { /* private mode: keep for this page only */ }
  }

  function applySettings(settings) {
    if (settings.size) { root.setAttribute("data-text-size", settings.size); } else { root.removeAttribute("data-text-size"); }
    if (settings.contrast) { root.setAttribute("data-contrast", "high"); } else { root.removeAttribute("data-contrast"); }
    document.querySelectorAll("[data-text-size]").forEach(function (button) {
      if (button.tagName === "BUTTON") {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-text-size") === (settings.size || "")));
      }
    });
    document.querySelectorAll("[data-contrast-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(Boolean(settings.contrast)));
    });
  }

  function setUpSettings() {
    var settings = load();
    // On wide screens the settings stay open; on phones they fold into a
    // disclosure so the page's content starts near the top.
    var wide = window.matchMedia("(min-width: 48rem)");
    document.querySelectorAll("[data-settings]").forEach(function (box) {
      box.hidden = false;
      box.open = wide.matches;
      wide.addEventListener("change", function () { box.open = wide.matches; });
    });
    document.querySelectorAll("button[data-text-size]").forEach(function (button) {
      button.addEventListener("click", function () {
        settings.size = button.getAttribute("data-text-size") || "";
        save(settings);
        applySettings(settings);
      });
    });
    document.querySelectorAll("[data-contrast-toggle]").forEach(function (button) {
      button.addEventListener("click", function () {
        settings.contrast = !settings.contrast;
        save(settings);
        applySettings(settings);
      });
    });
    applySettings(settings);
  }

  /* The filled-in form as plain text: a heading, then "Label: value" lines. */
  function formAsText(form) {
    var title = (document.querySelector("h1") || {}).textContent || "";
    var lines = [title.trim(), ""];
    form.querySelectorAll(".field, .form-part").forEach(function (part) {
      if (part.classList.contains("form-part")) { lines.push("", part.textContent.trim(), ""); return; }
      var label = part.querySelector("legend, label");
      var values = [];
      part.querySelectorAll("input, select, textarea").forEach(function (control) {
        if ((control.type === "radio" || control.type === "checkbox")) {
          if (control.checked) {
            var own = form.querySelector("label[for='" + control.id + "']");
            values.push(part.querySelector("legend") && own ? own.textContent.trim() : "Ja");
          }
        } else if (control.value) {
          values.push(control.value);
        }
      });
      lines.push(label.textContent.replace(/\s*\*$/, "").trim() + ": " + values.join(", "));
    });
    return lines.join("\n") + "\n";
  }

  function setUpForms() {
    document.querySelectorAll("form[data-form]").forEach(function (form) {
      form.querySelectorAll("[data-print], [data-save-form], [data-save-note]").forEach(function (el) { el.hidden = false; });
      if (form.hasAttribute("data-local-only")) {
        form.addEventListener("submit", function (event) { event.preventDefault(); });
      }
      var print = form.querySelector("[data-print]");
      if (print) { print.addEventListener("click", function () { window.print(); }); }
      var saveButton = form.querySelector("[data-save-form]");
      if (saveButton) {
        saveButton.addEventListener("click", function () {
          var blob = new Blob([formAsText(form)], { type: "text/plain;charset=utf-8" });
          var link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = form.getAttribute("data-form") + ".txt";
          document.body.appendChild(link);
          link.click();
          setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
        });
      }
    });
  }

  /* On phones the menu, languages and display settings fold behind one
     button, so the header leaves the page's own heading on the first screen. */
  function setUpMenu() {
    var narrow = window.matchMedia("(max-width: 40rem)");
    document.querySelectorAll("[data-menu-toggle]").forEach(function (button) {
      var menu = document.getElementById(button.getAttribute("aria-controls"));
      if (!menu) { return; }
      function set(open) {
        button.setAttribute("aria-expanded", String(open));
        menu.classList.toggle("folded", !open);
      }
      function fit() { button.hidden = !narrow.matches; set(!narrow.matches); }
      button.addEventListener("click", function () { set(button.getAttribute("aria-expanded") !== "true"); });
      narrow.addEventListener("change", fit);
      fit();
    });
  }

  function setUpSearch() {
    document.querySelectorAll("form[data-search-index]").forEach(function (form) {
      var loading = null;
      function load() {
        if (!loading) {
          loading = import(form.getAttribute("data-search-script")).then(function (search) { search.attach(form); });
        }
        return loading;
      }
      var input = form.querySelector("input[type=search]");
      if (form.hasAttribute("data-search-page")) { load(); return; }
      input.addEventListener("focus", load);
      input.addEventListener("input", load);
    });
  }

  function start() { setUpSettings(); setUpMenu(); setUpSearch(); setUpForms(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
