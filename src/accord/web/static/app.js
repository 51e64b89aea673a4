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

  // A 503 with Retry-After (pool full, or an analysis outlasting the request's time limit while it
  // goes on in the background) is asked again after the delay it names, a bounded number of times;
  // ``onWait(message)`` (optional) is told each time so the page can say what it is waiting for.
  var MAX_RETRIES = 20;

  function requestJson(url, init, onWait, attempt) {
    attempt = attempt || 0;
    return fetch(url, init).then(function (r) {
      var after = Number(r.headers.get("Retry-After"));
      if (r.status === 503 && after > 0 && attempt < MAX_RETRIES) {
        var wait = Math.min(after, 30);
        return r.json().catch(function () { return {}; }).then(function (d) {
          var why = typeof d.detail === "string" ? d.detail : "the server is busy";
          if (onWait) { onWait(why + " (asking again in " + wait + " s)"); }
          return new Promise(function (resolve) { setTimeout(resolve, wait * 1000); });
        }).then(function () { return requestJson(url, init, onWait, attempt + 1); });
      }
      return r.json().then(function (data) {
        if (!r.ok) {
          var detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail);
          throw new Error(detail || r.statusText);
        }
        return data;
      });
    });
  }

  function postJson(url, body, onWait) {
    return requestJson(url, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(body)
    }, onWait);
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
      postJson("/api/evaluate", req, function (msg) { if (mine === seq) { status.textContent = msg; } }).then(function (result) {
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
      getJson(url, function (msg) { status.textContent = msg; }).then(function (d) {
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
  // Formats as the server's tables do (accord.report.sections): "-0" shows as "0".
  function pfmt(x, digits, signed) {
    if (x === null || x === undefined) { return "-"; }
    var v = Number(x) + 0;
    var text = (v === 0 ? 0 : v).toFixed(digits);
    return (signed && v >= 0 ? "+" : "") + text;
  }

  function estCell(row, e, field, digits, signed, wide) {
    var td = document.createElement("td");
    td.className = "n";
    td.dataset.field = field;
    if (!e) {
      td.textContent = "-";
    } else {
      var iv = function (lo, hi) { return "[" + pfmt(lo, digits, signed) + ", " + pfmt(hi, digits, signed) + "]"; };
      var i80 = iv(e.low80, e.high80);
      var i95 = iv(e.low95, e.high95);
      var top = document.createElement("span");
      top.textContent = pfmt(e.mean, digits, signed);
      top.title = (wide ? "80% interval " + i80 : "95% interval " + i95) +
        "; Monte Carlo error of the mean " + Number(e.se).toFixed(4);
      var under = document.createElement("span");
      under.className = "muted";
      under.textContent = wide ? i95 : i80;
      td.appendChild(top);
      td.appendChild(document.createElement("br"));
      td.appendChild(under);
    }
    row.appendChild(td);
    return td;
  }

  function horizonKey(years) { return String(Number(years)); }

  function credibilityText(a) {
    return a.guarantors.map(function (g) {
      if (g.is_threat || !g.ex_ante) { return g.id + " the threat: no protection"; }
      var inv = g.honour_if_attacked ? " / " + pfmt(g.honour_if_attacked.mean, 2) : "";
      return g.id + " " + pfmt(g.ex_ante.mean, 2) + inv;
    }).join("\n") || "-";
  }

  function contributionText(a) {
    return Object.keys(a.contributions).map(function (k) {
      var label = k === "forces" ? "forces" : k.replace(/^mechanism:/, "");
      return label + " " + pfmt(a.contributions[k], 3, true);
    }).join(", ") || "-";
  }

  function comparer(data) {
    var form = document.getElementById("comparer-form");
    if (!form) { return; }
    var status = document.getElementById("comparer-status");
    var head = document.querySelector("#comparer-results thead");
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

    function header(horizons, h) {
      head.textContent = "";
      var tr = document.createElement("tr");
      var names = ["architecture"].concat(horizons.map(function (y) { return "P(war) " + y + "y"; }),
        ["P(any violation) " + h + "y", "vs none: war " + h + "y [95%]", "vs none: any violation " + h + "y [95%]",
         "P(effective response)", "credibility: ex-ante / if attacked",
         "contributions: change in P(war) by " + h + "y", "PA-X P(holds) [95%], association only"]);
      names.forEach(function (n) {
        var th = document.createElement("th");
        th.textContent = n;
        tr.appendChild(th);
      });
      head.appendChild(tr);
    }

    function show(result) {
      body.textContent = "";
      var first = result.architectures[0];
      var horizons = first ? Object.keys(first.war).sort(function (x, y) { return Number(x) - Number(y); }) : [];
      var h = horizonKey(result.horizon_years);
      header(horizons, h);
      var ranked = result.architectures.filter(function (a) { return a.id !== "none" && a.war[h]; });
      var best = ranked.length ? ranked.reduce(function (x, y) { return y.war[h].mean < x.war[h].mean ? y : x; }).id : null;
      var traces = [];
      result.architectures.forEach(function (a) {
        var tr = document.createElement("tr");
        tr.dataset.architecture = a.id;
        cell(tr, a.name);
        horizons.forEach(function (y) { estCell(tr, a.war[y], "war-" + y, 3, false, false); });
        estCell(tr, a.violation[h], "violation", 3, false, false);
        var none = a.id === "none";
        estCell(tr, none ? null : a.diff_none[h], "diff-war", 3, true, true);
        estCell(tr, none ? null : a.diff_none_violation[h], "diff-violation", 3, true, true);
        estCell(tr, a.protection, "protection", 2, false, false);
        cell(tr, credibilityText(a), "pre").dataset.field = "credibility";
        cell(tr, contributionText(a)).dataset.field = "contributions";
        var d = a.pax_durability;
        cell(tr, pfmt(d.p_hold, 2) + " [" + pfmt(d.low, 2) + "-" + pfmt(d.high, 2) + "] (" + d.window_years + "y)",
          "n muted").dataset.field = "pax";
        body.appendChild(tr);
        // the lowest-risk architecture (red) and no guarantee (dark grey) stand out; the rest are greyed
        var colour = a.id === best ? "#c0392b" : (a.id === "none" ? "#555" : "#cfcfcf");
        var months = a.war_curve.map(function (_v, i) { return i; });
        traces.push({x: months, y: a.war_curve, mode: "lines", name: a.name, legendgroup: a.id,
          line: {color: colour}, xaxis: "x", yaxis: "y"});
        traces.push({x: months, y: a.survival, mode: "lines", name: a.name, legendgroup: a.id, showlegend: false,
          line: {color: colour, dash: "dot"}, xaxis: "x2", yaxis: "y2"});
      });
      if (typeof Plotly !== "undefined") {
        Plotly.react("comparer-chart", traces, {
          title: {text: "Under the chosen controls: P(renewed war) (left) and P(no violation yet) (right); red: lowest risk, dark grey: no guarantee"},
          xaxis: {domain: [0, 0.46], title: {text: "month"}},
          yaxis: {title: {text: "mean P(renewed war)"}, rangemode: "tozero"},
          xaxis2: {domain: [0.54, 1], title: {text: "month"}, anchor: "y2"},
          yaxis2: {title: {text: "mean survival"}, range: [0, 1], anchor: "x2"},
          legend: {orientation: "h", y: -0.2}, height: 460
        }, {responsive: true, displaylogo: false});
      }
    }

    function run() {
      var mine = ++seq;
      status.textContent = "simulating...";
      postJson("/api/guarantees", request(), function (msg) { if (mine === seq) { status.textContent = msg; } }).then(function (result) {
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

  // ---- inverse question: what reaches a target ----
  function target(data) {
    var form = document.getElementById("target-form");
    if (!form) { return; }
    var status = document.getElementById("target-status");
    var body = document.querySelector("#target-results tbody");
    var seq = 0;

    function show(result) {
      body.textContent = "";
      var even = {};
      result.break_even.forEach(function (b) { even[b.id] = b; });
      result.answers.forEach(function (x) {
        var tr = document.createElement("tr");
        tr.dataset.architecture = x.id;
        cell(tr, x.name);
        cell(tr, pfmt(x.current, 3), "n").dataset.field = "current";
        var cred, forces, mechs;
        if (x.meets) {
          cred = forces = mechs = "already meets it";
        } else {
          if (x.credibility_needed !== null) { cred = pfmt(x.credibility_needed, 2); }
          else if (x.risk_at_full_credibility !== null) {
            cred = "not enough (" + pfmt(x.risk_at_full_credibility, 3) + " at 1.0)";
          } else { cred = "no guarantor can respond"; }
          forces = x.forces_needed === null ? "-" : x.forces_needed.toLocaleString("en-US");
          mechs = x.mechanisms_needed.map(function (m) { return m.join("+"); }).join(" or ") || "none suffices";
        }
        cell(tr, cred, "n").dataset.field = "credibility";
        cell(tr, forces, "n").dataset.field = "forces";
        cell(tr, mechs).dataset.field = "mechanisms";
        var b = even[x.id];
        cell(tr, b ? (b.credibility === null ? "never in [0, 1]" : pfmt(b.credibility, 2)) : "-", "n")
          .dataset.field = "break_even";
        body.appendChild(tr);
      });
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var mine = ++seq;
      status.textContent = "searching...";
      var req = {case: data.key, target: document.getElementById("target-text").value};
      var versus = document.getElementById("target-versus").value;
      if (versus) { req.versus = versus; }
      postJson("/api/guarantees/target", req, function (msg) { if (mine === seq) { status.textContent = msg; } }).then(function (result) {
        if (mine !== seq) { return; }
        show(result);
        status.textContent = "";
        document.body.dataset.targetReady = String(mine);
      }).catch(function (err) { status.textContent = "error: " + err.message; });
    });
  }

  // ---- progressive pages: the summary and /deals fill in from the JSON API ----
  function getJson(url, onWait) { return requestJson(url, undefined, onWait); }

  function dealsUrl(data, t) {
    var q = "/api/deals?case=" + encodeURIComponent(data.key) + "&top=" + t.top;
    Object.keys(t.query).forEach(function (k) { q += "&" + k + "=" + encodeURIComponent(t.query[k]); });
    return q;
  }

  function optionLabel(data, issue, option) {
    var opts = data.options[issue] || {};
    return opts[option] || option;
  }

  function packageList(ul, data, options) {
    ul.textContent = "";
    Object.keys(options).forEach(function (issue) {
      var li = document.createElement("li");
      li.title = issue + "=" + options[issue];
      var name = document.createElement("span");
      name.className = "muted";
      name.textContent = (data.issues[issue] || issue) + ": ";
      var label = document.createElement("span");
      label.className = "option";
      label.textContent = optionLabel(data, issue, options[issue]);
      li.appendChild(name);
      li.appendChild(label);
      ul.appendChild(li);
    });
  }

  function count(n) { return (n === null || n === undefined) ? "-" : Number(n).toLocaleString("en-US"); }

  // Fetch every track's analysis in turn; call each(track, result) as it arrives.
  function eachTrack(data, each, onWait) {
    return data.tracks.reduce(function (chain, t) {
      return chain.then(function () { return getJson(dealsUrl(data, t), onWait).then(function (d) { each(t, d); }); });
    }, Promise.resolve());
  }

  function fillSummaryGuarantee(data) {
    var p = document.querySelector('#summary [data-summary="guarantee"]');
    if (!p || !data.guarantees) { return Promise.resolve(); }
    return getJson("/api/guarantees?case=" + encodeURIComponent(data.key)).then(function (g) {
      var years = String(data.risk_years);
      var all = g.architectures.filter(function (a) { return a.war[years]; });
      var pool = all.filter(function (a) { return a.id !== "none"; });
      if (!pool.length) { pool = all; }
      if (!pool.length) { p.textContent = "-"; return; }
      var best = pool.reduce(function (x, y) { return y.war[years].mean < x.war[years].mean ? y : x; });
      var b = best.war[years];
      var none = all.filter(function (a) { return a.id === "none"; })[0];
      p.textContent = "";
      var strong = document.createElement("strong");
      strong.textContent = best.name;
      strong.title = best.id;
      p.appendChild(strong);
      p.appendChild(document.createTextNode(": P(renewed war) within " + years + " years " + pfmt(b.mean, 3) +
        " [" + pfmt(b.low80, 3) + ", " + pfmt(b.high80, 3) + "]" +
        (none ? ", against " + pfmt(none.war[years].mean, 3) + " with no guarantee." : ".")));
      var ties = all.filter(function (a) {
        var e = a.war[years];
        return a.id !== best.id && e.low80 <= b.mean && b.mean <= e.high80 && b.low80 <= e.mean && e.mean <= b.high80;
      });
      if (ties.length) {
        var tie = document.createElement("p");
        tie.className = "tie";
        tie.title = ties.map(function (a) { return a.name; }).join("; ");
        tie.textContent = "≈ indistinguishable from " + ties.length + " other architecture" +
          (ties.length > 1 ? "s" : "") + ": each mean lies inside the other's 80% interval (hover for names).";
        p.parentNode.insertBefore(tie, p.nextSibling);
      }
    });
  }

  function summary(data) {
    var box = document.getElementById("summary");
    if (!box || !box.querySelector("[data-summary]")) { return; }
    var nash = box.querySelector('[data-summary="nash"]');
    eachTrack(data, function (t, d) {
      var cellEl = box.querySelector('tr[data-track="' + t.id + '"] [data-summary="acceptable"]');
      if (cellEl) { cellEl.textContent = count(d.counts.acceptable); }
      if (t.id === data.main && nash) {
        var sol = d.solutions && d.solutions.nash;
        if (sol) { packageList(nash, data, sol.options); }
        else { nash.textContent = "No package is acceptable to everyone at this table."; }
      }
    }).then(function () { return fillSummaryGuarantee(data); }).then(function () {
      document.body.dataset.summaryReady = "1";
    }).catch(function (err) {
      box.querySelectorAll(".computing").forEach(function (el) { el.textContent = "error: " + err.message; });
    });
  }

  function dealsProgress(data) {
    var section = document.querySelector("section#deals.pending");
    if (!section) { return; }
    var status = document.getElementById("deals-status");
    var bar = document.getElementById("deals-progress");
    var done = 0;
    eachTrack(data, function (t, d) {
      var row = section.querySelector('tr[data-track="' + t.id + '"]');
      if (row) {
        row.querySelector('[data-field="packages"]').textContent = count(d.counts.packages);
        row.querySelector('[data-field="acceptable"]').textContent = count(d.counts.acceptable);
        row.querySelector('[data-field="pareto"]').textContent = count(d.counts.pareto);
        var sol = d.solutions && d.solutions.nash;
        var where = row.querySelector('[data-field="nash"]');
        if (sol) {
          var ul = document.createElement("ul");
          ul.className = "package";
          packageList(ul, data, sol.options);
          where.appendChild(ul);
        } else { where.textContent = "none acceptable to all"; }
      }
      done += 1;
      bar.value = done;
      status.textContent = "computing… " + done + " of " + data.tracks.length + " tracks analysed";
    }, function (msg) {
      status.textContent = "computing… " + done + " of " + data.tracks.length + " tracks analysed; " + msg;
    }).then(function () {
      status.textContent = "computing… every track is analysed; loading the solutions and charts";
      document.body.dataset.dealsFilled = "1";
      var url = new URL(window.location.href);
      url.searchParams.set("full", "1");
      window.location.replace(url.toString());
    }).catch(function (err) { status.textContent = "error: " + err.message; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    renderFigures();
    var data = readJson("page-data");
    if (data) {
      explorer(data);
      comparer(data);
      target(data);
      summary(data);
      dealsProgress(data);
    }
  });
})();
