// The classroom page: a teacher starts a class on a case; students join
// with the code and take roles; every quarter each role decides and the
// shared run goes on. Plain JavaScript, no libraries; charts are SVG drawn
// here. A browser's place in a class is a token kept in local storage and
// in the address (#t=...), so a reload keeps it.
"use strict";

// $, SVGNS and TITLES come from common.js, loaded first.
const PHASES = {
  lobby: "Waiting for the teacher to start the run",
  running: "Simulating…",
  deciding: "Paused: every role decides",
  finished: "Finished: the class's run against the model's own",
  failed: "The run failed",
};

const page = {
  code: "",
  token: "",
  st: null,        // the last state from the server
  source: null,    // EventSource
  clockAt: 0,      // when left_ms was received
  sent: false,     // a decision is on its way
};

function showError(msg) { $("error").textContent = msg || ""; }
function status(msg) { $("status").textContent = msg || ""; }

function storeKey(code) { return "joinedup-class-" + code; }

function saveToken(code, token) {
  try { localStorage.setItem(storeKey(code), token); } catch (e) { /* storage off: the address keeps it */ }
  history.replaceState(null, "", "/class?code=" + code + "#t=" + token);
}

function loadToken(code) {
  const m = /(?:^#|&)t=([0-9a-f]{32})/.exec(location.hash);
  if (m) return m[1];
  try { return localStorage.getItem(storeKey(code)) || ""; } catch (e) { return ""; }
}

function forgetToken(code) {
  try { localStorage.removeItem(storeKey(code)); } catch (e) { /* nothing kept */ }
  history.replaceState(null, "", "/class?code=" + code);
}

async function api(method, path, body) {
  const headers = {};
  if (page.token) headers["X-Class-Token"] = page.token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let data = null;
  if (res.status !== 204) {
    try { data = await res.json(); } catch (e) { data = null; }
  }
  if (!res.ok) throw new Error((data && data.error) || (res.status + " " + res.statusText));
  return data;
}

// ---- start page -----------------------------------------------------------

async function startPage() {
  $("start").hidden = false;
  $("session").hidden = true;
  const cases = await (await fetch("/api/scenarios")).json();
  const sel = $("scenario");
  for (const c of cases) {
    const o = document.createElement("option");
    o.value = c.name;
    o.textContent = c.name;
    o.dataset.story = c.description;
    sel.append(o);
  }
  if (cases.some((c) => c.name === "sedgefield")) sel.value = "sedgefield";
  const story = () => { $("scenario-story").textContent = sel.selectedOptions[0] ? sel.selectedOptions[0].dataset.story : ""; };
  sel.addEventListener("change", story);
  story();
  $("create").addEventListener("click", async () => {
    showError("");
    try {
      const c = await api("POST", "/api/class", {
        scenario: sel.value,
        quarters: Number($("quarters").value),
        seconds: Number($("seconds").value),
        replicates: Number($("replicates").value),
      });
      saveToken(c.code, c.token);
      location.reload();
    } catch (e) { showError(e.message); }
  });
  const find = () => {
    const code = $("join-code").value.trim().toUpperCase();
    if (code) location.assign("/class?code=" + encodeURIComponent(code));
  };
  $("find").addEventListener("click", find);
  $("join-code").addEventListener("keydown", (e) => { if (e.key === "Enter") find(); });
}

// ---- a class ---------------------------------------------------------------

async function sessionPage(code) {
  page.code = code;
  page.token = loadToken(code);
  $("start").hidden = true;
  $("session").hidden = false;
  $("code-show").textContent = code;
  $("join-url").textContent = location.origin + "/class";
  $("toml").href = "/api/class/" + code + "/scenario.toml";
  try {
    await api("GET", "/api/class/" + code);
    if (page.token) saveToken(code, page.token);
  } catch (e) {
    if (page.token && /join again/.test(e.message)) {
      page.token = "";
      forgetToken(code);
    } else {
      showError(e.message);
      return;
    }
  }
  wire();
  connect();
  setInterval(tick, 250);
}

function connect() {
  if (page.source) page.source.close();
  const q = page.token ? "?token=" + page.token : "";
  const es = new EventSource("/api/class/" + page.code + "/events" + q);
  page.source = es;
  es.addEventListener("state", (ev) => {
    page.st = JSON.parse(ev.data);
    page.clockAt = performance.now();
    render();
  });
  es.onerror = () => status("Connection lost; reconnecting…");
  es.onopen = () => status("");
}

function wire() {
  $("watch").addEventListener("click", () => join("observer"));
  $("go").addEventListener("click", async () => {
    showError("");
    try { await api("POST", "/api/class/" + page.code + "/start"); } catch (e) { showError(e.message); }
  });
  $("continue").addEventListener("click", async () => {
    showError("");
    try { await api("POST", "/api/class/" + page.code + "/continue"); } catch (e) { showError(e.message); }
  });
  $("decide").addEventListener("submit", async (e) => {
    e.preventDefault();
    const picked = document.querySelector('#options input[name="option"]:checked');
    if (!picked) { showError("Choose one of the options first."); return; }
    showError("");
    page.sent = true;
    $("send").disabled = true;
    try {
      await api("POST", "/api/class/" + page.code + "/decide", { option: picked.value });
    } catch (err) {
      showError(err.message);
      page.sent = false;
      $("send").disabled = false;
    }
  });
}

async function join(role) {
  showError("");
  const name = $("name").value.trim();
  if (!name) { showError("Write your name first."); $("name").focus(); return; }
  try {
    const j = await api("POST", "/api/class/" + page.code + "/join", { role, name });
    page.token = j.token;
    saveToken(page.code, j.token);
    connect();
  } catch (e) { showError(e.message); }
}

function render() {
  const st = page.st;
  const you = st.you || null;
  document.body.dataset.phase = st.phase;
  document.body.dataset.quarter = st.quarter;
  document.body.dataset.version = st.version;
  if (you) document.body.dataset.role = you.role; else delete document.body.dataset.role;
  $("case").textContent = st.scenario;
  $("case").title = st.description;
  $("quarter").textContent = st.quarter > 0 ? "Quarter " + st.quarter + " of " + st.quarters : st.quarters + " quarters";
  $("phase").textContent = PHASES[st.phase] || st.phase;
  if (st.error) showError(st.error);

  // Taking a role.
  $("pick").hidden = !!you || st.phase === "finished" || st.phase === "failed";
  const pr = $("pick-roles");
  pr.replaceChildren();
  for (const r of st.roles) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.role = r.id;
    b.disabled = !!r.name;
    b.textContent = r.title + (r.name ? " — " + r.name : "");
    const small = document.createElement("small");
    small.textContent = st.cast[r.id] ? "(" + st.cast[r.id] + ")" : "";
    b.append(small);
    b.addEventListener("click", () => join(r.id));
    pr.append(b);
  }

  // The student's own role and decision.
  const role = you && st.roles.find((r) => r.id === you.role);
  $("you").hidden = !role;
  if (role) {
    $("you-title").textContent = "You are the " + role.title.toLowerCase() + " (" + you.name + ")";
    $("you-cast").textContent = st.cast[role.id] || "";
    $("you-brief").textContent = role.brief;
    const opts = you.options || [];
    $("decide").hidden = opts.length === 0;
    if (opts.length > 0 && !page.sent) buildOptions(opts, st.quarter);
    if (opts.length === 0) page.sent = false;
    $("decided").textContent = you.decided ? "Decided: " + you.decided + ". Waiting for the others…" : "";
  }
  $("teacher").hidden = !(you && you.teacher);
  $("go").disabled = st.phase !== "lobby";
  $("continue").disabled = st.phase !== "deciding";

  // Roles and decisions.
  const ul = $("roles");
  ul.replaceChildren();
  for (const r of st.roles) {
    const li = document.createElement("li");
    li.dataset.role = r.id;
    if (r.decided) li.className = "decided";
    const t = document.createElement("span");
    t.textContent = r.title;
    const w = document.createElement("span");
    w.className = "who";
    w.textContent = r.name || "free: the model decides";
    li.append(t, w);
    ul.append(li);
  }
  $("observers").textContent = st.observers > 0 ? st.observers + " watching" : "";
  const ol = $("history");
  ol.replaceChildren();
  for (const d of st.decisions) {
    const li = document.createElement("li");
    const title = (st.roles.find((r) => r.id === d.role) || { title: d.role }).title;
    li.textContent = "After quarter " + d.quarter + " (from " + d.date + "): " + title + " — " +
      (d.made ? d.label : "no choice in time: " + d.label.toLowerCase());
    if (!d.made || d.option === "model") li.className = "default";
    ol.append(li);
  }
  $("toml").hidden = !st.curves;
  drawCharts();
}

function buildOptions(opts, quarter) {
  const box = $("options");
  $("send").disabled = false;
  const ids = quarter + ":" + opts.map((o) => o.id).join("|");
  if (box.dataset.ids === ids) return; // the same choice is open; keep what is ticked
  box.dataset.ids = ids;
  box.replaceChildren();
  for (const o of opts) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = "option";
    input.value = o.id;
    const text = document.createElement("span");
    const strong = document.createElement("strong");
    strong.textContent = o.label;
    const help = document.createElement("span");
    help.className = "help";
    help.textContent = o.help;
    text.append(strong, help);
    label.append(input, text);
    box.append(label);
  }
}

function tick() {
  const st = page.st;
  if (!st || st.phase !== "deciding" || st.left_ms === undefined) { $("clock").textContent = ""; return; }
  const left = Math.max(0, st.left_ms - (performance.now() - page.clockAt));
  $("clock").textContent = Math.ceil(left / 1000) + " s left";
}

// ---- charts ----------------------------------------------------------------

function drawCharts() {
  const st = page.st;
  const box = $("charts");
  box.replaceChildren();
  const legend = $("legend");
  legend.replaceChildren();
  if (!st.curves) return;
  const c = st.curves;
  legend.append(key("class", "the class's run (" + st.replicates + " replicates)"));
  if (c.own) legend.append(key("own", "the model's own runs, no one deciding"));
  const total = st.quarters * st.quarter_weeks;
  const marks = [...new Set(st.decisions.filter((d) => d.made && d.option !== "model").map((d) => d.week))];
  for (const m of c.metrics) {
    const div = document.createElement("div");
    div.className = "chart";
    div.dataset.metric = m.name;
    const h = document.createElement("h3");
    h.textContent = (TITLES[m.name] || m.name) + (m.unit ? " (" + m.unit + ")" : "");
    h.title = m.description;
    div.append(h, chart(c.class[m.name], c.own ? c.own[m.name] : null, total, m.unit, marks));
    box.append(div);
  }
}

function key(cls, text) {
  const s = document.createElement("span");
  const k = document.createElement("span");
  k.className = "key " + cls;
  s.append(k, document.createTextNode(text));
  return s;
}

function el(name, attrs) {
  const e = document.createElementNS(SVGNS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function chart(cls, own, total, unit, marks) {
  const W = 460, H = 220, L = 44, R = 20, T = 8, B = 28;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" });
  let lo = Infinity, hi = -Infinity;
  for (const s of [cls, own]) {
    if (!s) continue;
    for (const k of ["p05", "p95", "mean"]) for (const v of s[k]) if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  }
  if (/0.1/.test(unit) || (lo >= 0 && hi <= 1)) { lo = 0; hi = 1; }
  if (!isFinite(lo)) { lo = 0; hi = 1; }
  if (hi - lo < 1e-9) { hi = lo + 1; }
  const pad = (hi - lo) * 0.05;
  if (!(lo === 0 && hi === 1)) { lo -= pad; hi += pad; }
  const x = (w) => L + (W - L - R) * w / total;
  const y = (v) => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
  for (let i = 0; i <= 4; i++) {
    const v = lo + (hi - lo) * i / 4;
    svg.append(el("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }));
    const t = el("text", { x: L - 4, y: y(v) + 3, "text-anchor": "end", class: "tick" });
    t.textContent = Math.abs(hi - lo) >= 10 ? v.toFixed(0) : v.toFixed(2);
    svg.append(t);
  }
  for (let w = 0; w <= total; w += 13) {
    const t = el("text", { x: x(w), y: H - 10, "text-anchor": "middle", class: "tick" });
    t.textContent = total <= 104 ? "wk " + w : (w % 52 === 0 ? "yr " + w / 52 : "");
    svg.append(t);
    svg.append(el("line", { x1: x(w), x2: x(w), y1: H - B, y2: H - B + 4, class: "axis" }));
  }
  svg.append(el("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, class: "axis" }));
  svg.append(el("line", { x1: L, x2: L, y1: T, y2: H - B, class: "axis" }));
  for (const m of marks) svg.append(el("line", { x1: x(m), x2: x(m), y1: T, y2: H - B, class: "decision-mark" }));
  const draw = (s, tag) => {
    if (!s) return;
    const up = [], down = [], line = [];
    s.mean.forEach((v, w) => {
      if (v === null || s.p05[w] === null) return;
      up.push(`${x(w).toFixed(1)},${y(s.p95[w]).toFixed(1)}`);
      down.unshift(`${x(w).toFixed(1)},${y(s.p05[w]).toFixed(1)}`);
      line.push(`${x(w).toFixed(1)},${y(v).toFixed(1)}`);
    });
    if (line.length === 0) return;
    svg.append(el("polygon", { points: up.concat(down).join(" "), class: "band-" + tag }));
    svg.append(el("polyline", { points: line.join(" "), class: "line-" + tag }));
  };
  draw(own, "own");
  draw(cls, "class");
  return svg;
}

// ---- start -----------------------------------------------------------------

(function main() {
  const code = (new URLSearchParams(location.search).get("code") || "").trim().toUpperCase();
  const run = code ? sessionPage(code) : startPage();
  run.catch((e) => showError(e.message));
})();
