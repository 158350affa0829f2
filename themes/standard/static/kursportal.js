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

  /* A saved file is the answers as text, for a person, and after them the
     same answers as one line of JSON between two marks, for "Åpne lagrede
     svar" to put back into the same form. */
  var ANSWERS_START = "--- kursportal: lagrede svar ---";
  var ANSWERS_END = "--- slutt ---";

  function formValues(form) {
    var values = {};
    form.querySelectorAll("input[name], select[name], textarea[name]").forEach(function (control) {
      if (control.type === "radio" || control.type === "checkbox") {
        if (control.checked) { (values[control.name] = values[control.name] || []).push(control.value); }
      } else if (control.value) {
        values[control.name] = control.value;
      }
    });
    return values;
  }

  function savedText(form) {
    var answers = JSON.stringify({ form: form.getAttribute("data-form"), page: location.href, values: formValues(form) });
    return formAsText(form) + "\n" + form.getAttribute("data-saved-note") + "\n" + ANSWERS_START + "\n" + answers + "\n" + ANSWERS_END + "\n";
  }

  /* The answers a saved file holds for `form`, or null. */
  function savedAnswers(text, form) {
    var start = text.indexOf(ANSWERS_START);
    var end = text.indexOf(ANSWERS_END, start + 1);
    if (start < 0 || end < 0) { return null; }
    try {
      var saved = JSON.parse(text.slice(start + ANSWERS_START.length, end));
      return saved && saved.form === form.getAttribute("data-form") && saved.values ? saved.values : null;
    } catch (e) {
      return null;
    }
  }

  function fillIn(form, values) {
    form.querySelectorAll("input[name], select[name], textarea[name]").forEach(function (control) {
      var value = values[control.name];
      if (control.type === "file") { return; }
      if (control.type === "radio" || control.type === "checkbox") {
        control.checked = Array.isArray(value) && value.indexOf(control.value) !== -1;
      } else {
        control.value = typeof value === "string" ? value : "";
      }
    });
  }

  /* The browser's own messages for a field left empty or filled wrongly
     speak the browser's language; these speak the page's. */
  function speakThePagesLanguage(form) {
    form.addEventListener("invalid", function (event) {
      var control = event.target;
      var validity = control.validity;
      control.setCustomValidity("");
      var key = validity.valueMissing ? (control.type === "radio" || control.type === "checkbox" ? "msgChoice" : "msgRequired")
        : validity.typeMismatch && control.type === "email" ? "msgEmail"
        : control.validity.valid ? null : "msgInvalid";
      if (key) { control.setCustomValidity(form.dataset[key]); }
    }, true);
    function clear(event) {
      var control = event.target;
      if (!control.name) { return; }
      form.querySelectorAll("[name='" + control.name + "']").forEach(function (other) { other.setCustomValidity(""); });
    }
    form.addEventListener("input", clear, true);
    form.addEventListener("change", clear, true);
  }

  function setUpForms() {
    document.querySelectorAll("form[data-form]").forEach(function (form) {
      form.querySelectorAll("[data-print], [data-print-blank], [data-save-form], [data-open-form], [data-save-note]").forEach(function (el) { el.hidden = false; });
      speakThePagesLanguage(form);
      var status = form.querySelector("[data-form-status]");
      var blank = form.parentNode.querySelector("[data-blank-sheet]");
      var printBlank = form.querySelector("[data-print-blank]");
      if (printBlank && blank) {
        printBlank.addEventListener("click", function () {
          document.documentElement.setAttribute("data-print-blank", "");
          window.print();
        });
        window.addEventListener("afterprint", function () { document.documentElement.removeAttribute("data-print-blank"); });
      } else if (printBlank) {
        printBlank.hidden = true;
      }
      var openButton = form.querySelector("[data-open-form]");
      var file = form.querySelector("[data-open-file]");
      if (openButton && file) {
        openButton.addEventListener("click", function () { file.click(); });
        file.addEventListener("change", function () {
          var chosen = file.files && file.files[0];
          if (!chosen) { return; }
          chosen.text().then(function (text) {
            var values = savedAnswers(text, form);
            if (values) { fillIn(form, values); }
            status.textContent = form.getAttribute(values ? "data-msg-opened" : "data-msg-not-opened");
            file.value = "";
          });
        });
      }
      if (form.hasAttribute("data-local-only")) {
        form.addEventListener("submit", function (event) { event.preventDefault(); });
      }
      var print = form.querySelector("[data-print]");
      if (print) { print.addEventListener("click", function () { window.print(); }); }
      var saveButton = form.querySelector("[data-save-form]");
      if (saveButton) {
        saveButton.addEventListener("click", function () {
          var blob = new Blob([savedText(form)], { type: "text/plain;charset=utf-8" });
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
