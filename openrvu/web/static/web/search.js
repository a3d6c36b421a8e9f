// Results as you type on /search: fetch the results block of the same page (?fragment=1) and swap it in.
// Without JavaScript the form submits as usual; this only saves the round trip of a full page.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var results = document.getElementById("search-results");
  if (!form || !results || !window.fetch || !window.URLSearchParams) return;
  var timer = null;
  var pending = null;

  function query() {
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (key) { if (!params.get(key)) params.delete(key); });
    return params;
  }

  function update() {
    var params = query();
    if (pending) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    var url = form.action + "?" + params.toString();
    params.set("fragment", "1");
    fetch(form.action + "?" + params.toString(), {signal: pending ? pending.signal : undefined,
                                                  headers: {"Accept": "text/html"}})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        results.innerHTML = html;
        window.history.replaceState(null, "", url);
      })
      .catch(function () { /* aborted by a newer keystroke, or offline: the form still submits */ });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 120);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
