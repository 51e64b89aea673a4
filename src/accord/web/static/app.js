// accord web app: renders the page's figures and drives the deal explorer and guarantee comparer.
// Text from the server is only ever set with textContent, never parsed as HTML.
(function () {
  "use strict";

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function cell(row, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) { td.className = cls; }
    row.appendChild(td);
    return td;
  }

  function fmt(x, digits) { return (x === null || x === undefined) ? "-" : Number(x).toFixed(digits); }

  function postJson(url, body) {
    return fetch(url, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) {
          var detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail);
          throw new Error(detail);
        }
        return data;
      });
    });
  }

  function renderFigures() {
    var figures = readJson("accord-figures") || {};
    Object.keys(figures).forEach(function (id) {
      var el = document.getElementById(id);
      if (!el || typeof Plotly === "undefined") { return; }
      var fig = figures[id];
      Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false});
    });
  }

  // ---- deal explorer ----
  function explorer(data) {
    var form = document.getElementById("explorer-form");
    if (!form) { return; }
    var status = document.getElementById("explorer-status");
    var body = document.querySelector("#explorer-results tbody");
    var verdict = document.getElementById("explorer-verdict");
    var track = document.getElementById("explorer-track");
    var seq = 0;

    function options() {
      var out = {};
      document.querySelectorAll(".explorer-option").forEach(function (sel) { out[sel.dataset.issue] = sel.value; });
      return out;
    }

    function show(result) {
      body.textContent = "";
      var actors = Object.keys(result.actors);
      actors.forEach(function (actor) {
        var a = result.actors[actor];
        var tr = document.createElement("tr");
        tr.dataset.actor = actor;
        cell(tr, actor);
        cell(tr, fmt(a.utility, 3), "n").dataset.field = "utility";
        cell(tr, fmt(a.no_deal, 3), "n").dataset.field = "no_deal";
        cell(tr, (a.gain >= 0 ? "+" : "") + fmt(a.gain, 3), "n").dataset.field = "gain";
        cell(tr, a.acceptable ? "yes" : "no", a.acceptable ? "ok" : "no").dataset.field = "acceptable";
        var lines = a.red_lines.map(function (r) { return r.issue + "=" + r.option; }).join(", ");
        cell(tr, lines || "none", lines ? "redline" : "").dataset.field = "red_lines";
        body.appendChild(tr);
      });
      var n = actors.filter(function (k) { return result.actors[k].acceptable; }).length;
      verdict.textContent = result.acceptable_to_all
        ? "Acceptable to every actor at the table."
        : "Acceptable to " + n + " of " + actors.length + " actors.";
      verdict.className = "verdict " + (result.acceptable_to_all ? "ok" : "no");
    }

    function update() {
      var mine = ++seq;
      status.textContent = "updating...";
      var req = {case: data.key, options: options()};
      if (track && track.value) { req.track = track.value; }
      postJson("/api/evaluate", req).then(function (result) {
        if (mine !== seq) { return; }
        show(result);
        status.textContent = "";
        document.body.dataset.explorerReady = String(mine);
      }).catch(function (err) { status.textContent = "error: " + err.message; });
    }

    function nash() {
      status.textContent = "finding the Nash package...";
      var url = "/api/deals?case=" + encodeURIComponent(data.key) + "&top=0";
      if (track && track.value) { url += "&track=" + encodeURIComponent(track.value); }
      fetch(url).then(function (r) { return r.json(); }).then(function (d) {
        var sol = d.solutions && d.solutions.nash;
        if (!sol) { status.textContent = "no package is acceptable to everyone at this table"; return; }
        Object.keys(sol.options).forEach(function (issue) {
          var sel = document.getElementById("opt-" + issue);
          if (sel) { sel.value = sol.options[issue]; }
        });
        update();
      }).catch(function (err) { status.textContent = "error: " + err.message; });
    }

    document.querySelectorAll(".explorer-option").forEach(function (sel) { sel.addEventListener("change", update); });
    if (track) { track.addEventListener("change", update); }
    document.getElementById("explorer-nash").addEventListener("click", nash);
    update();
  }

  // ---- guarantee comparer ----
  function comparer(data) {
    var form = document.getElementById("comparer-form");
    if (!form) { return; }
    var status = document.getElementById("comparer-status");
    var body = document.querySelector("#comparer-results tbody");
    var seq = 0;
    var timer = null;

    function request() {
      var honour = {};
      document.querySelectorAll(".honour-on").forEach(function (box) {
        var slider = document.querySelector('.honour[data-guarantor="' + box.dataset.guarantor + '"]');
        slider.disabled = !box.checked;
        if (box.checked) { honour[box.dataset.guarantor] = Number(slider.value); }
      });
      return {
        case: data.key,
        honour: honour,
        draws: Number(document.getElementById("comparer-draws").value),
        horizon_years: Number(document.getElementById("comparer-horizon").value),
        seed: Number(document.getElementById("comparer-seed").value)
      };
    }

    function show(result) {
      body.textContent = "";
      var traces = [];
      result.architectures.forEach(function (a) {
        var tr = document.createElement("tr");
        tr.dataset.architecture = a.id;
        cell(tr, a.name);
        cell(tr, Object.keys(a.p_honour).map(function (k) { return k + " " + fmt(a.p_honour[k], 2); }).join(", ") || "-");
        cell(tr, fmt(a.p_major_war, 3), "n").dataset.field = "p_major_war";
        cell(tr, fmt(a.expected_months_to_violation, 1), "n").dataset.field = "months";
        body.appendChild(tr);
        traces.push({x: a.survival.map(function (_v, i) { return i; }), y: a.survival, mode: "lines", name: a.name});
      });
      if (typeof Plotly !== "undefined") {
        Plotly.react("comparer-chart", traces, {
          title: {text: "Survival under the chosen controls"},
          xaxis: {title: {text: "month"}}, yaxis: {title: {text: "survival"}, range: [0, 1]}, height: 420
        }, {responsive: true, displaylogo: false});
      }
    }

    function run() {
      var mine = ++seq;
      status.textContent = "simulating...";
      postJson("/api/guarantees", request()).then(function (result) {
        if (mine !== seq) { return; }
        show(result);
        status.textContent = "";
        document.body.dataset.comparerReady = String(mine);
      }).catch(function (err) { status.textContent = "error: " + err.message; });
    }

    function later() { clearTimeout(timer); timer = setTimeout(run, 250); }

    document.querySelectorAll(".honour").forEach(function (slider) {
      slider.addEventListener("input", function () {
        slider.parentNode.querySelector(".honour-value").textContent = Number(slider.value).toFixed(2);
        later();
      });
    });
    form.querySelectorAll("input").forEach(function (el) { el.addEventListener("change", later); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
    run();
  }

  document.addEventListener("DOMContentLoaded", function () {
    renderFigures();
    var data = readJson("page-data");
    if (data) {
      explorer(data);
      comparer(data);
    }
  });
})();
