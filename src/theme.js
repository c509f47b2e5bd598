// Resolves the theme before first paint, so a dark-mode user never sees a white flash: the host page's
// (?theme=light|dark, when Pulse is embedded; kept by the frame across its reloads, never as the user's pick), else
// the user's pick, else the OS's. The app keeps data-theme up to date after that (theme.rs, which reads ?theme=
// through pulse-core the same way).
(function () {
  var q = new URLSearchParams(location.search);
  // A frame reloaded at an address without ?embed= or ?theme= keeps what it was opened with, in its name
  // (src/embed.rs).
  var kept = window.name.indexOf("pulse:") === 0 ? window.name.slice(6) : "";
  if (!/^(1|true)$/.test(q.get("embed")) && !/^(light|dark)$/.test(q.get("theme")) && window.top !== window.self) {
    q = new URLSearchParams(kept);
  }
  var t = q.get("theme");
  if (t !== "light" && t !== "dark") {
    try { t = localStorage.getItem("pulse-theme"); } catch (e) { t = null; }
  }
  if (t !== "light" && t !== "dark") t = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  document.documentElement.setAttribute("data-theme", t);
})();
