// Resolves the theme before first paint, so a dark-mode user never sees a white flash: the host page's
// (?theme=light|dark, when Pulse is embedded; not remembered), else the user's pick, else the OS's. The app keeps
// data-theme up to date after that (theme.rs, which reads ?theme= through pulse-core the same way).
(function () {
  var t = new URLSearchParams(location.search).get("theme");
  if (t !== "light" && t !== "dark") {
    try { t = localStorage.getItem("pulse-theme"); } catch (e) { t = null; }
  }
  if (t !== "light" && t !== "dark") t = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  document.documentElement.setAttribute("data-theme", t);
})();
