/**
 * The web app's only script, served as `/static/web.js` (the content security policy allows scripts from this
 * origin only, never inline). Pages work without it; with it:
 * - forms that change something are sent as JSON with the CSRF token in a header (the API's guards accept only
 *   JSON bodies for state-changing requests), then the page follows the answer;
 * - the section editor previews the Markdown and shows the lint findings as you type (debounced, 400 ms).
 */
export const WEB_JS = `"use strict";
(function () {
  function fields(form) {
    var out = {};
    new FormData(form).forEach(function (v, k) { if (typeof v === "string") out[k] = v; });
    return out;
  }
  function headers(body) {
    var h = { "content-type": "application/json", accept: "text/html" };
    if (body._csrf) h["x-csrf-token"] = body._csrf;
    return h;
  }
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    // attributes, not properties: a field named "action" would shadow form.action
    if (!(form instanceof HTMLFormElement) || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    ev.preventDefault();
    var body = fields(form);
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(form.getAttribute("action") || window.location.href, { method: "POST", headers: headers(body), body: JSON.stringify(body), credentials: "same-origin" })
      .then(function (r) {
        if (r.redirected) { window.location.assign(r.url); return; }
        return r.text().then(function (text) { document.open(); document.write(text); document.close(); });
      })
      .catch(function () { if (button) button.disabled = false; alert("The request failed; nothing was changed. Try again."); });
  });
  var form = document.getElementById("editor-form");
  var area = document.getElementById("markdown");
  if (!form || !area) return;
  var timer = 0, seq = 0;
  var status = document.getElementById("lint-status");
  function check() {
    var mine = ++seq;
    var body = fields(form);
    status.textContent = "Checking…";
    fetch(form.getAttribute("data-preview"), { method: "POST", headers: headers(body), credentials: "same-origin",
      body: JSON.stringify({ section: body.section, markdown: area.value, _csrf: body._csrf || "" }) })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (p) {
        if (mine !== seq) return;
        document.getElementById("preview").innerHTML = p.html;
        document.getElementById("findings").innerHTML = p.findingsHtml;
        status.textContent = p.findings.length === 0 ? "No findings in this section." : p.findings.length + " finding(s) in this section.";
      })
      .catch(function () { if (mine === seq) status.textContent = "Could not check the text just now."; });
  }
  area.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(check, 400); });
})();
`;
