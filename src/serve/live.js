// Added to pages by `kursportal serve`, never by `build`. Listens to the
// preview server and keeps the page in step with the files the editor saves:
// reloads when the page changed (keeping the scroll position), swaps the
// stylesheet when only it changed, and shows a failed rebuild's problems
// over the page until they are fixed.
(() => {
  const SCROLL = "kursportal-serve-scroll";
  // The rebuild this page was drawn in: the server says "reload" at once if
  // a newer one came before the page started listening.
  const build = document.currentScript?.dataset.build ?? "";
  // Events name files as they are on disk (ø, not %C3%B8).
  let path = location.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {}
  const here = path.replace(/^\//, "").replace(/(^|\/)$/, "$1index.html");

  const saved = JSON.parse(sessionStorage.getItem(SCROLL) || "null");
  if (saved && saved.path === location.pathname) {
    sessionStorage.removeItem(SCROLL);
    const restore = () => window.scrollTo(0, saved.y);
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore, { once: true });
  }

  function reload() {
    sessionStorage.setItem(SCROLL, JSON.stringify({ path: location.pathname, y: window.scrollY }));
    location.reload();
  }

  function swapStylesheet(from, to) {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const href = link.getAttribute("href");
      if (href && href.endsWith(from)) link.setAttribute("href", href.slice(0, -from.length) + to);
    }
  }

  let overlay = null;
  let shownText = null;

  function showProblems(title, text) {
    if (overlay && shownText === text) return;
    hideProblems();
    shownText = text;
    overlay = document.createElement("dialog");
    overlay.setAttribute("aria-labelledby", "kursportal-serve-title");
    overlay.setAttribute("data-kursportal-serve", "problems");
    overlay.tabIndex = -1;
    overlay.style.cssText =
      "max-width:min(60rem,95vw);max-height:90vh;overflow:auto;padding:1.5rem;border:4px solid #a4000f;" +
      "border-radius:.5rem;background:#fff;color:#111;font:1rem/1.5 system-ui,sans-serif;";
    const heading = document.createElement("h2");
    heading.id = "kursportal-serve-title";
    heading.textContent = title;
    heading.style.cssText = "margin:0 0 .5rem;font-size:1.4rem;color:#a4000f;";
    const help = document.createElement("p");
    help.textContent =
      "Rett feilen og lagre filen, så oppdateres siden av seg selv. Til da vises siste versjon som virket. Esc skjuler denne meldingen.";
    help.style.margin = "0 0 1rem";
    const problems = document.createElement("pre");
    problems.textContent = text;
    problems.style.cssText =
      "white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 1rem;padding:1rem;background:#f4f4f4;color:#111;" +
      "font:0.95rem/1.45 ui-monospace,Consolas,monospace;";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Skjul";
    close.style.cssText = "font:inherit;padding:.4rem 1rem;";
    close.addEventListener("click", () => overlay.close());
    const top = document.createElement("div");
    top.style.cssText = "display:flex;gap:1rem;justify-content:space-between;align-items:start;";
    top.append(heading, close);
    overlay.append(top, help, problems);
    document.body.append(overlay);
    overlay.showModal();
    // The dialog itself takes focus, its heading in view, so a screen
    // reader starts at "the site could not be rebuilt".
    overlay.focus({ preventScroll: true });
    overlay.scrollTop = 0;
  }

  function hideProblems() {
    if (overlay) overlay.remove();
    overlay = null;
    shownText = null;
  }

  const events = new EventSource(`/__kursportal/events?build=${encodeURIComponent(build)}`);
  // Says on the page whether it is listening (tests, and a curious editor, can see it).
  events.addEventListener("open", () => (document.documentElement.dataset.liveReload = "on"));
  events.addEventListener("error", () => (document.documentElement.dataset.liveReload = "off"));
  events.addEventListener("message", (message) => {
    const event = JSON.parse(message.data);
    if (event.type === "error") {
      showProblems(event.title, event.text);
    } else if (event.type === "ok") {
      hideProblems();
    } else if (event.type === "css") {
      hideProblems();
      if (event.reload.includes(here)) reload();
      else swapStylesheet(event.from, event.to);
    } else if (event.type === "reload") {
      hideProblems();
      if (event.paths.includes("*") || event.paths.includes(here)) {
        reload();
      }
    }
  });
})();
