// Live status: while a page is open, status pills update in place when a status changes, the page's own status
// section (with its evidence) is fetched again and swapped in, and a note says what changed. Pages are complete
// without this script; reloading shows the same information.
(() => {
  "use strict";
  const pills = document.querySelectorAll("[data-live]");
  if (!("EventSource" in window) || pills.length === 0) return;

  const services = [...new Set([...pills].map((p) => p.dataset.live.split("/")[0]))];
  const source = new EventSource("/api/v1/events" + (services.length <= 20 ? "?services=" + encodeURIComponent(services.join(",")) : ""));

  const note = document.createElement("p");
  note.className = "banner live";
  note.setAttribute("role", "status");
  note.hidden = true;
  document.querySelector("main")?.prepend(note);

  // A page in another language than English carries its own words for what this script writes (data-words on body).
  const words = JSON.parse(document.body.dataset.words || "null");
  const clock = (iso) => new Date(iso).toISOString().slice(11, 16) + " UTC";
  const tell = (text, href) => {
    note.textContent = text + " ";
    const link = document.createElement("a");
    link.href = href;
    link.textContent = words?.reload ?? "Reload for the evidence";
    note.append(link);
    note.hidden = false;
  };

  // The service this page is about (its headline status), whose evidence must change together with its pill.
  const own = document.querySelector("section.current [data-live]")?.dataset.live;
  let pending = 0;
  const refresh = () => {
    clearTimeout(pending);
    pending = setTimeout(async () => {
      const response = await fetch(location.href, { credentials: "same-origin" });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      for (const selector of ["section.current", "table.components"]) {
        const next = fresh.querySelector(selector);
        if (next) document.querySelector(selector)?.replaceWith(document.adoptNode(next));
      }
    }, 250);
  };

  source.addEventListener("status", (message) => {
    const e = JSON.parse(message.data);
    const key = e.component ? e.service + "/" + e.component : e.service;
    for (const pill of document.querySelectorAll('[data-live="' + CSS.escape(key) + '"]')) {
      pill.className = "pill status-" + e.token;
      pill.dataset.status = e.token;
      pill.textContent = words?.statuses[e.token] ?? e.title;
    }
    if (e.service === own) refresh();
    if (!e.component && words) tell(clock(e.at) + "：" + words.now.replace("{0}", e.serviceName).replace("{1}", words.statuses[e.token] ?? e.title), words.page.replace("{0}", e.service));
    else if (!e.component) tell(clock(e.at) + ": " + e.serviceName + " is now " + e.title.toLowerCase() + ".", "/status/" + e.service);
  });

  source.addEventListener("incident", (message) => {
    const e = JSON.parse(message.data);
    tell(clock(e.resolvedAt ?? e.startedAt) + ": " + e.title + (e.open ? "" : words?.resolved ?? " — resolved") + ".", e.page);
  });
})();
