// The teaching page: library, levers, live curves, pin and compare, export.
// Plain JavaScript, no libraries; charts are SVG drawn here.
"use strict";

const $ = (id) => document.getElementById(id);
const SVGNS = "http://www.w3.org/2000/svg";
const TITLES = {
  cohesion: "Team cohesion",
  team_identification: "Identification with the team",
  user_experience: "Service users' experience",
  weeks_to_intervention: "Weeks from referral to intervention",
  nhs_performance: "NHS performance against targets",
};

const state = {
  view: null,        // the scenario's view from /api/scenarios/NAME
  values: new Map(), // override path -> value set on the page
  scope: {},         // group -> "" (all) or an item name
  current: null,     // the run on screen: {label, settings, weeks, metrics, series, done, total}
  pinned: null,      // a pinned run, same shape
  abort: null,       // AbortController of the run streaming
  paused: false,
  clickedAt: 0,
  firstDrawn: false,
};

// ---- library ---------------------------------------------------------------

async function loadLibrary() {
  const res = await fetch("/api/scenarios");
  const cases = await res.json();
  const ul = $("cases");
  ul.replaceChildren();
  for (const c of cases) {
    const li = document.createElement("li");
    li.tabIndex = 0;
    li.dataset.name = c.name;
    const h = document.createElement("h3");
    h.textContent = c.name;
    const p = document.createElement("p");
    p.textContent = c.description;
    const s = document.createElement("p");
    s.className = "source";
    s.textContent = "Source: " + c.source;
    li.append(h, p, s);
    li.addEventListener("click", () => openCase(c.name));
    li.addEventListener("keydown", (e) => { if (e.key === "Enter") openCase(c.name); });
    ul.append(li);
  }
}

async function openCase(name) {
  const res = await fetch("/api/scenarios/" + encodeURIComponent(name));
  const view = await res.json();
  if (!res.ok) { showError(view.error); return; }
  stopRun();
  state.view = view;
  state.values = new Map();
  state.scope = {};
  state.current = null;
  state.pinned = null;
  $("library").hidden = true;
  $("workbench").hidden = false;
  $("case-name").textContent = view.name;
  $("case-story").textContent = view.description;
  $("case-source").textContent = "Source: " + view.source;
  $("replicates").value = view.replicates;
  $("years").value = Math.round(view.weeks / 52);
  buildLevers();
  updateButtons();
  drawCharts();
  updateToml();
}

// ---- levers ----------------------------------------------------------------

const GROUP_TITLES = { team: "Front-line teams", partnership: "Partnership", joint_post: "Joint posts" };

function pathOf(lever, item) {
  return lever.group === "partnership" ? lever.path : lever.path.replace("ITEM", JSON.stringify(item));
}

function originalOf(lever, item) {
  return lever.values[lever.group === "partnership" ? "" : item];
}

// shownItem is the item whose value a group's controls show.
function shownItem(group) {
  return state.scope[group] || (state.view.items[group] || [""])[0] || "";
}

function valueOf(lever, item) {
  const p = pathOf(lever, item);
  return state.values.has(p) ? state.values.get(p) : originalOf(lever, item);
}

function buildLevers() {
  const box = $("levers");
  box.replaceChildren();
  const groups = {};
  for (const l of state.view.levers) (groups[l.group] ||= []).push(l);
  for (const group of ["team", "joint_post", "partnership"]) {
    if (!groups[group]) continue;
    const fs = document.createElement("fieldset");
    const lg = document.createElement("legend");
    lg.textContent = GROUP_TITLES[group] || group;
    fs.append(lg);
    const items = state.view.items[group];
    if (items && items.length > 0) {
      const lab = document.createElement("label");
      lab.className = "scope";
      lab.textContent = "Apply to ";
      const sel = document.createElement("select");
      sel.id = "scope-" + group;
      const all = new Option(items.length > 1 ? `all ${items.length}` : "the one", "");
      sel.append(all, ...items.map((n) => new Option(n, n)));
      sel.value = state.scope[group] || "";
      sel.addEventListener("change", () => { state.scope[group] = sel.value; buildLevers(); });
      lab.append(sel);
      fs.append(lab);
    }
    for (const l of groups[group]) fs.append(leverControl(l));
    box.append(fs);
  }
}

function leverControl(l) {
  const div = document.createElement("div");
  div.className = "lever";
  div.dataset.lever = l.id;
  const item = shownItem(l.group);
  const v = valueOf(l, item);
  const id = "lever-" + l.id.replace(/\W/g, "-");
  const label = document.createElement("label");
  label.htmlFor = id;
  const name = document.createElement("span");
  name.textContent = l.label + (l.unit ? ` (${l.unit})` : "");
  const shown = document.createElement("output");
  label.append(name, shown);
  let input;
  if (l.kind === "bool") {
    input = document.createElement("input");
    input.type = "checkbox";
    input.checked = !!v;
    shown.textContent = v ? "yes" : "no";
  } else if (l.kind === "enum") {
    input = document.createElement("select");
    for (const o of l.options) input.append(new Option(o, o));
    input.value = v;
  } else if (l.min != null && l.max != null) {
    input = document.createElement("input");
    input.type = "range";
    input.min = l.min;
    input.max = l.max;
    input.step = l.kind === "integer" ? 1 : (l.max - l.min) / 20;
    input.value = v;
    shown.textContent = Number(v).toFixed(2);
  } else {
    input = document.createElement("input");
    input.type = "number";
    if (l.min != null) input.min = l.min;
    input.step = l.kind === "integer" ? 1 : "any";
    input.value = v;
  }
  input.id = id;
  input.addEventListener("input", () => {
    let nv;
    if (l.kind === "bool") nv = input.checked;
    else if (l.kind === "enum") nv = input.value;
    else nv = Number(input.value);
    if (l.kind === "bool") shown.textContent = nv ? "yes" : "no";
    else if (l.kind !== "enum") shown.textContent = Number(nv).toFixed(2);
    setLever(l, nv);
    div.classList.toggle("changed", leverChanged(l));
  });
  const help = document.createElement("p");
  help.className = "help";
  help.textContent = l.help;
  div.append(label, input, help);
  div.classList.toggle("changed", leverChanged(l));
  return div;
}

function setLever(l, v) {
  const items = l.group === "partnership" ? [""] : (state.scope[l.group] ? [state.scope[l.group]] : state.view.items[l.group]);
  for (const item of items) {
    const p = pathOf(l, item);
    if (v === originalOf(l, item)) state.values.delete(p);
    else state.values.set(p, v);
  }
  updateToml();
}

function leverChanged(l) {
  const items = l.group === "partnership" ? [""] : state.view.items[l.group];
  return items.some((item) => state.values.has(pathOf(l, item)));
}

// settings are the page's changes as PATH=VALUE, in lever order.
function settings() {
  const out = [];
  for (const l of state.view.levers) {
    const items = l.group === "partnership" ? [""] : state.view.items[l.group];
    for (const item of items) {
      const p = pathOf(l, item);
      if (!state.values.has(p)) continue;
      const v = state.values.get(p);
      out.push(p + "=" + (typeof v === "string" ? JSON.stringify(v) : String(v)));
    }
  }
  return out;
}

// describe says in words what the page's settings change, lever by lever,
// as "Co-location: no (all 5 teams); Pace of change: 0.60".
function describeSettings() {
  const parts = [];
  const say = (l, v) => (l.kind === "bool" ? (v ? "yes" : "no") : l.kind === "enum" ? v : Number(v).toFixed(2));
  for (const l of state.view.levers) {
    if (l.group === "partnership") {
      if (state.values.has(l.path)) parts.push(`${l.label}: ${say(l, state.values.get(l.path))}`);
      continue;
    }
    const items = state.view.items[l.group];
    const set = items.filter((item) => state.values.has(pathOf(l, item)));
    if (set.length === 0) continue;
    const vals = new Set(set.map((item) => say(l, state.values.get(pathOf(l, item)))));
    if (set.length === items.length && vals.size === 1 && items.length > 1) {
      parts.push(`${l.label}: ${[...vals][0]} (all ${items.length})`);
    } else {
      for (const item of set) parts.push(`${l.label}: ${say(l, state.values.get(pathOf(l, item)))} (${item})`);
    }
  }
  return parts.length ? state.view.name + " — " + parts.join("; ") : state.view.name + " as written";
}

function query() {
  const q = new URLSearchParams();
  q.set("scenario", state.view.name);
  for (const s of settings()) q.append("set", s);
  q.set("n", $("replicates").value);
  q.set("weeks", String(Math.round(Number($("years").value) * 52)));
  return q;
}

function updateToml() {
  $("toml").href = "/api/scenario-file?" + query().toString();
}

// ---- running -----------------------------------------------------------------

async function play() {
  stopRun();
  showError("");
  const ctl = new AbortController();
  state.abort = ctl;
  state.paused = false;
  state.clickedAt = performance.now();
  state.firstDrawn = false;
  delete document.body.dataset.firstCurveMs;
  delete document.body.dataset.finished;
  document.body.dataset.running = "1";
  state.current = null;
  state.pendingLabel = describeSettings();
  updateButtons();
  setStatus("starting…");
  try {
    const res = await fetch("/api/run?" + query().toString(), { signal: ctl.signal });
    if (!res.ok) {
      const body = await res.json().catch(() => ({ error: res.statusText }));
      throw new Error(body.error || res.statusText);
    }
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let cut;
      while ((cut = buf.indexOf("\n\n")) >= 0) {
        handleEvent(buf.slice(0, cut));
        buf = buf.slice(cut + 2);
      }
    }
  } catch (e) {
    if (e.name !== "AbortError") showError(e.message);
  } finally {
    if (state.abort === ctl) {
      state.abort = null;
      delete document.body.dataset.running;
      updateButtons();
    }
  }
}

function handleEvent(text) {
  let name = "message", data = "";
  for (const line of text.split("\n")) {
    if (line.startsWith("event: ")) name = line.slice(7);
    else if (line.startsWith("data: ")) data += line.slice(6);
  }
  const d = JSON.parse(data);
  if (name === "meta") {
    state.current = { label: state.pendingLabel, settings: d.settings, weeks: d.weeks, metrics: d.metrics, start: d.start, series: {}, done: 0, total: d.replicates };
    setStatus(`running ${d.name}`);
  } else if (name === "update") {
    state.current.series = d.series;
    state.current.done = d.done;
    state.current.total = d.total;
    drawCharts();
    if (!state.firstDrawn) {
      state.firstDrawn = true;
      document.body.dataset.firstCurveMs = String(Math.round(performance.now() - state.clickedAt));
    }
    setStatus(`${d.done} of ${d.total} replicates` + (state.paused ? " — paused" : "") +
      ` (first curves after ${document.body.dataset.firstCurveMs} ms)`);
  } else if (name === "done") {
    document.body.dataset.finished = String(d.done);
    setStatus(`${d.done} replicates in ${(d.ms / 1000).toFixed(1)} s (first curves after ${document.body.dataset.firstCurveMs} ms)`);
  } else if (name === "error") {
    showError(d.error);
  }
  updateButtons();
}

function stopRun() {
  if (state.abort) {
    state.abort.abort();
    state.abort = null;
  }
  delete document.body.dataset.running;
  state.paused = false;
  updateButtons();
}

async function togglePause() {
  const on = !state.paused;
  const res = await fetch("/api/pause?on=" + (on ? "1" : "0"), { method: "POST" });
  if (res.ok) {
    state.paused = on;
    $("pause").textContent = on ? "▶ Resume" : "❚❚ Pause";
    setStatus(on ? "paused" : "running");
  }
}

function reset() {
  stopRun();
  state.values = new Map();
  state.current = null;
  delete document.body.dataset.finished;
  buildLevers();
  updateToml();
  drawCharts();
  setStatus("");
}

function pin() {
  if (!state.current) return;
  state.pinned = structuredClone(state.current);
  drawCharts();
  updateButtons();
}

function unpin() {
  state.pinned = null;
  drawCharts();
  updateButtons();
}

function updateButtons() {
  const running = !!state.abort;
  $("pause").disabled = !running;
  $("stop").disabled = !running;
  if (!running) $("pause").textContent = "❚❚ Pause";
  $("pin").disabled = !state.current || running;
  $("unpin").disabled = !state.pinned;
  $("export").disabled = !state.current && !state.pinned;
  const lg = $("legend");
  lg.replaceChildren();
  for (const [cls, run] of [["pinned", state.pinned], ["current", state.current]]) {
    if (!run) continue;
    const span = document.createElement("span");
    span.className = "legend-" + cls;
    const key = document.createElement("span");
    key.className = "key " + cls;
    span.append(key, (cls === "pinned" ? "pinned: " : "") + run.label);
    lg.append(span);
  }
}

// ---- export ------------------------------------------------------------------

function csvField(s) {
  s = String(s);
  return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function comparisonCSV() {
  const rows = [["run", "label", "settings", "week", "metric", "mean", "p05", "p95", "replicates"]];
  for (const [tag, run] of [["pinned", state.pinned], ["current", state.current]]) {
    if (!run) continue;
    for (const m of Object.keys(run.series)) {
      const s = run.series[m];
      run.weeks.forEach((w, i) => {
        const f = (x) => (x == null ? "" : String(x));
        rows.push([tag, run.label, (run.settings || []).join("; "), w, m, f(s.mean[i]), f(s.p05[i]), f(s.p95[i]), run.done]);
      });
    }
  }
  return rows.map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}

function exportCSV() {
  const csv = comparisonCSV();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
  a.download = "joinedup-comparison.csv";
  document.body.append(a);
  a.click();
  a.remove();
}

// ---- charts ------------------------------------------------------------------

function el(name, attrs) {
  const e = document.createElementNS(SVGNS, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

function niceTicks(lo, hi, n) {
  const span = hi - lo || 1;
  const step0 = span / n;
  const mag = Math.pow(10, Math.floor(Math.log10(step0)));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= step0);
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) out.push(+t.toFixed(10));
  return out;
}

function drawCharts() {
  const box = $("charts");
  box.replaceChildren();
  const runs = [["pinned", state.pinned], ["current", state.current]].filter(([, r]) => r);
  const metrics = (state.current || state.pinned || { metrics: [] }).metrics;
  for (const m of metrics) box.append(chart(m, runs));
}

function chart(m, runs) {
  const W = 440, H = 220, L = 44, R = 10, T = 8, B = 30;
  const div = document.createElement("div");
  div.className = "chart";
  div.dataset.metric = m.name;
  const h = document.createElement("h3");
  h.textContent = (TITLES[m.name] || m.name) + (m.unit ? ` (${m.unit})` : "");
  h.title = m.description;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": h.textContent });
  let xmax = 0, ylo = Infinity, yhi = -Infinity;
  for (const [, r] of runs) {
    xmax = Math.max(xmax, r.weeks[r.weeks.length - 1] || 0);
    const s = r.series[m.name];
    if (!s) continue;
    for (const arr of [s.p05, s.p95, s.mean]) for (const v of arr) if (v != null) { ylo = Math.min(ylo, v); yhi = Math.max(yhi, v); }
  }
  if (m.unit === "0-1") { ylo = Math.min(0, ylo); yhi = Math.max(1, yhi); }
  if (!isFinite(ylo)) { ylo = 0; yhi = 1; }
  if (m.unit !== "0-1") { ylo = Math.min(0, ylo); yhi = yhi + (yhi - ylo) * 0.05; }
  xmax = xmax || 260;
  const x = (w) => L + (w / xmax) * (W - L - R);
  const y = (v) => T + (1 - (v - ylo) / (yhi - ylo || 1)) * (H - T - B);
  for (const t of niceTicks(ylo, yhi, 4)) {
    svg.append(el("line", { class: "grid", x1: L, x2: W - R, y1: y(t), y2: y(t) }));
    const tx = el("text", { class: "tick", x: L - 4, y: y(t) + 3, "text-anchor": "end" });
    tx.textContent = t;
    svg.append(tx);
  }
  for (let yr = 0; yr * 52 <= xmax; yr++) {
    const tx = el("text", { class: "tick", x: x(yr * 52), y: H - B + 13, "text-anchor": "middle" });
    tx.textContent = yr;
    svg.append(tx);
  }
  const xl = el("text", { class: "tick", x: (L + W - R) / 2, y: H - 4, "text-anchor": "middle" });
  xl.textContent = "years";
  svg.append(xl);
  svg.append(el("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }));
  svg.append(el("line", { class: "axis", x1: L, x2: L, y1: T, y2: H - B }));
  for (const [cls, r] of runs) {
    const s = r.series[m.name];
    if (!s) continue;
    // Bands and lines break where a week has no value.
    let seg = [];
    const segs = [];
    r.weeks.forEach((w, i) => {
      if (s.mean[i] == null || s.p05[i] == null || s.p95[i] == null) { if (seg.length) segs.push(seg); seg = []; return; }
      seg.push(i);
    });
    if (seg.length) segs.push(seg);
    for (const sg of segs) {
      const up = sg.map((i) => `${x(r.weeks[i]).toFixed(1)},${y(s.p95[i]).toFixed(1)}`);
      const down = sg.slice().reverse().map((i) => `${x(r.weeks[i]).toFixed(1)},${y(s.p05[i]).toFixed(1)}`);
      svg.append(el("polygon", { class: "band-" + cls, points: up.concat(down).join(" ") }));
      svg.append(el("polyline", { class: "line-" + cls, points: sg.map((i) => `${x(r.weeks[i]).toFixed(1)},${y(s.mean[i]).toFixed(1)}`).join(" ") }));
    }
  }
  div.append(h, svg);
  return div;
}

// ---- wiring --------------------------------------------------------------------

function setStatus(s) { $("status").textContent = s; }
function showError(s) { $("error").textContent = s || ""; }

document.addEventListener("DOMContentLoaded", () => {
  $("back").addEventListener("click", () => { stopRun(); $("workbench").hidden = true; $("library").hidden = false; });
  $("play").addEventListener("click", play);
  $("pause").addEventListener("click", togglePause);
  $("stop").addEventListener("click", () => { stopRun(); setStatus("stopped"); });
  $("reset").addEventListener("click", reset);
  $("pin").addEventListener("click", pin);
  $("unpin").addEventListener("click", unpin);
  $("export").addEventListener("click", exportCSV);
  $("replicates").addEventListener("change", updateToml);
  $("years").addEventListener("change", updateToml);
  loadLibrary().catch((e) => showError(e.message));
});
