// The teaching page: library, levers, a shock timeline, live curves, the
// people of one team, pin and compare, export.
// Plain JavaScript, no libraries; charts and the timeline are SVG and the
// people a canvas, all drawn here.
"use strict";

// $, SVGNS and TITLES come from common.js, loaded first.

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
  shocks: [],        // the timeline: [{kind, date, hazard, organisation, team, post, size, note}]
  chosenShock: -1,   // index of the shock chosen on the timeline
  team: 0,           // the team whose people are shown
  frames: [],        // people frames of the current run, by recorded week
  cursor: 0,         // the frame shown; fractional between two frames
  animating: false,  // the cursor moves on its own
  lastTick: 0,       // time of the last animation frame
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
  state.shocks = structuredClone(view.shocks);
  state.chosenShock = -1;
  state.team = 0;
  clearPeople();
  buildLevers();
  buildShockControls();
  buildTeamPicker();
  drawTimeline();
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
  if (shocksChanged()) out.push("shock=" + shocksTOML(state.shocks));
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
  if (shocksChanged()) {
    const dated = state.shocks.filter((sh) => sh.date);
    parts.push(dated.length ? "shocks: " + dated.map((sh) => `${shockWords(sh)} in week ${weekOf(sh.date)}`).join(", ") : "no dated shocks");
  }
  return parts.length ? state.view.name + " — " + parts.join("; ") : state.view.name + " as written";
}

function query() {
  const q = new URLSearchParams();
  q.set("scenario", state.view.name);
  for (const s of settings()) q.append("set", s);
  q.set("n", $("replicates").value);
  q.set("weeks", String(weeks()));
  q.set("team", String(state.team));
  q.set("rep", String(Math.max(0, Math.min(Number($("people-rep").value) - 1, Number($("replicates").value) - 1)) || 0));
  return q;
}

function weeks() { return Math.round(Number($("years").value) * 52); }

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
  clearPeople();
  state.runWeeks = weeks();
  startAnimation();
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
    state.current.finished = true;
    setStatus(`${d.done} replicates in ${(d.ms / 1000).toFixed(1)} s (first curves after ${document.body.dataset.firstCurveMs} ms)`);
  } else if (name === "error") {
    showError(d.error);
  } else if (name === "people") {
    addFrame(d);
  } else if (name === "people-error") {
    $("people-week").textContent = d.error;
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
  state.animating = false;
  updateButtons();
}

// togglePause pauses or resumes the run and the people's animation.
async function togglePause() {
  const on = !state.paused;
  if (state.abort) {
    const res = await fetch("/api/pause?on=" + (on ? "1" : "0"), { method: "POST" });
    if (!res.ok && res.status !== 409) return;
  }
  state.paused = on;
  if (on) state.animating = false;
  else startAnimation();
  $("pause").textContent = on ? "▶ Resume" : "❚❚ Pause";
  setStatus(on ? "paused" : state.abort ? "running" : "");
  updateButtons();
}

// step pauses and shows the next recorded week.
async function stepWeek() {
  if (!state.paused) await togglePause();
  state.cursor = Math.min(Math.floor(state.cursor) + 1, Math.max(state.frames.length - 1, 0));
  showPeople();
}

function reset() {
  stopRun();
  state.values = new Map();
  state.current = null;
  state.shocks = structuredClone(state.view.shocks);
  state.chosenShock = -1;
  delete document.body.dataset.finished;
  clearPeople();
  buildLevers();
  drawTimeline();
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

// updatePlayButtons enables pause and step while there is a run or an
// animation to pause or step.
function updatePlayButtons() {
  const running = !!state.abort;
  const moving = state.frames.length > 0 && state.cursor < state.frames.length - 1;
  $("pause").disabled = !running && !moving && !state.paused;
  $("step").disabled = state.frames.length === 0 || (!running && state.cursor >= state.frames.length - 1);
  $("stop").disabled = !running;
  if (!running && !state.paused) $("pause").textContent = "❚❚ Pause";
}

function updateButtons() {
  const running = !!state.abort;
  updatePlayButtons();
  $("pin").disabled = !state.current || running;
  $("unpin").disabled = !state.pinned;
  $("export").disabled = !state.current && !state.pinned;
  $("export-png").disabled = !state.current && !state.pinned;
  drawLegend();
}

// drawLegend shows the runs on screen; a pinned run's label can be edited,
// and the edited label is the one the charts' legend and the exports use.
function drawLegend() {
  const lg = $("legend");
  const editing = document.activeElement && document.activeElement.id === "pin-label";
  if (editing) return;
  lg.replaceChildren();
  for (const [cls, run] of [["pinned", state.pinned], ["current", state.current]]) {
    if (!run) continue;
    const span = document.createElement("span");
    span.className = "legend-" + cls;
    const key = document.createElement("span");
    key.className = "key " + cls;
    span.append(key);
    if (cls === "pinned") {
      const input = document.createElement("input");
      input.id = "pin-label";
      input.value = run.label;
      input.title = "The pinned run's label: edit it to name the run in the legend and the exports";
      input.setAttribute("aria-label", "Label of the pinned run");
      input.addEventListener("input", () => { state.pinned.label = input.value; });
      span.append("pinned: ", input);
    } else {
      span.append(run.label);
    }
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

function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

function exportCSV() {
  download(new Blob([comparisonCSV()], { type: "text/csv" }), "joinedup-comparison.csv");
}

// The styles the charts take from style.css, written into each element of
// a copy of a chart so that it draws the same as an image.
const INLINE = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "font-size", "font-family", "text-anchor"];

function chartImage(svg) {
  const copy = svg.cloneNode(true);
  const src = svg.querySelectorAll("*"), dst = copy.querySelectorAll("*");
  // Presentation attributes, not a style attribute, which the page's
  // content security policy forbids.
  src.forEach((e, i) => {
    const cs = getComputedStyle(e);
    for (const k of INLINE) dst[i].setAttribute(k, cs.getPropertyValue(k));
  });
  copy.querySelectorAll(".cursor").forEach((e) => e.remove());
  const vb = svg.viewBox.baseVal;
  copy.setAttribute("xmlns", SVGNS);
  copy.setAttribute("width", vb.width);
  copy.setAttribute("height", vb.height);
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: "image/svg+xml" }));
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => { URL.revokeObjectURL(url); resolve(img); };
    img.onerror = () => reject(new Error("a chart could not be drawn as an image"));
    img.src = url;
  });
}

// exportPNG draws the comparison on screen — the legend with the runs'
// labels and every chart — on one canvas and saves it as PNG.
async function exportPNG() {
  const charts = [...document.querySelectorAll("#charts .chart")];
  const cols = 2, cw = 440, ch = 220, title = 22, pad = 12, scale = 2;
  const runs = [["pinned", state.pinned], ["current", state.current]].filter(([, r]) => r);
  const head = 30 + 20 * runs.length;
  const rows = Math.ceil(charts.length / cols);
  const canvas = document.createElement("canvas");
  canvas.width = (pad + cols * (cw + pad)) * scale;
  canvas.height = (head + rows * (ch + title + pad) + 30) * scale;
  const g = canvas.getContext("2d");
  g.scale(scale, scale);
  g.fillStyle = "#fff";
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = "#1d2731";
  g.font = "bold 15px system-ui, sans-serif";
  g.fillText("joinedup — " + (state.view ? state.view.name : ""), pad, 20);
  g.font = "13px system-ui, sans-serif";
  runs.forEach(([cls, r], i) => {
    const y = 40 + 20 * i;
    g.strokeStyle = cls === "pinned" ? "#e07a1f" : "#2a6fdb";
    g.lineWidth = 3;
    g.setLineDash(cls === "pinned" ? [5, 3] : []);
    g.beginPath(); g.moveTo(pad, y - 4); g.lineTo(pad + 26, y - 4); g.stroke();
    g.setLineDash([]);
    g.fillStyle = "#1d2731";
    g.fillText((cls === "pinned" ? "pinned: " : "") + r.label + ` (${r.done} replicates)`, pad + 34, y);
  });
  for (let i = 0; i < charts.length; i++) {
    const x = pad + (i % cols) * (cw + pad), y = head + Math.floor(i / cols) * (ch + title + pad);
    g.fillStyle = "#1d2731";
    g.font = "bold 13px system-ui, sans-serif";
    g.fillText(charts[i].querySelector("h3").textContent, x + 4, y + 15);
    g.drawImage(await chartImage(charts[i].querySelector("svg")), x, y + title, cw, ch);
  }
  g.font = "11px system-ui, sans-serif";
  g.fillStyle = "#5a6570";
  g.fillText("Lines: mean of the replicates; bands: 5th to 95th percentile of the replicates.", pad, canvas.height / scale - 10);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  document.body.dataset.pngBytes = String(blob.size);
  download(blob, "joinedup-comparison.png");
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
  moveCursors();
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
  const cur = el("line", { class: "cursor", x1: L, x2: L, y1: T, y2: H - B, visibility: "hidden" });
  cur.dataset.left = L;
  cur.dataset.right = W - R;
  cur.dataset.xmax = xmax;
  svg.append(cur);
  div.append(h, svg);
  return div;
}

// ---- shock timeline ----------------------------------------------------------

// What each kind of shock needs besides a date, as the scenario file
// validates it (docs/SCENARIOS.md).
const SHOCK_NEEDS = {
  reorganisation: { organisation: true },
  abolition: { organisation: true },
  "budget-cut": { organisation: true, size: true },
  "joint-post-split": { post: true },
  "separate-targets": { size: true },
  "common-core-training": { size: true },
  "choice-competition": { size: true },
};

const pct = (x) => Math.round(100 * (x || 0)) + "%";

// shockWords says a shock in a few words, as "Sedgefield PCT abolished".
function shockWords(sh) {
  switch (sh.kind) {
    case "reorganisation": return `${sh.organisation} reorganised`;
    case "abolition": return `${sh.organisation} abolished`;
    case "budget-cut": return `${sh.organisation}'s budget cut by ${pct(sh.size)}`;
    case "joint-post-split": return `joint post ${sh.post} split`;
    case "separate-targets": return "separate targets";
    case "joint-targets": return "joint targets";
    case "leadership-change": return "new leader" + (sh.team ? ` of ${sh.team}` : sh.organisation ? `s in ${sh.organisation}'s teams` : "s in every team");
    case "common-core-training": return `common-core training, ${pct(sh.size)} a year`;
    case "choice-competition": return "choice and competition";
    case "performance-funding": return "performance funding";
    case "discharge-fines": return "discharge fines";
  }
  return sh.kind;
}

// Dates and weeks: week w of a run starts w × 7 days after its start, and
// a date falls in the week the model counts it in (model.Config.WeekOf).
const DAY = 86400000;
function dateOf(week) {
  return new Date(Date.parse(state.view.start + "T00:00:00Z") + week * 7 * DAY).toISOString().slice(0, 10);
}
function weekOf(date) {
  const days = (Date.parse(date + "T00:00:00Z") - Date.parse(state.view.start + "T00:00:00Z")) / DAY;
  return days <= 0 ? 0 : Math.floor((days + 6.5) / 7);
}

// shocksTOML writes shocks as a TOML array of inline tables, the value of
// a shock=[...] setting: the same fields a [[shock]] table of a scenario
// file has.
function shocksTOML(list) {
  const str = (v) => JSON.stringify(v);
  return "[" + list.map((sh) => {
    const f = ["kind=" + str(sh.kind)];
    if (sh.date) f.push("date=" + sh.date);
    if (sh.hazard) f.push("hazard=" + sh.hazard);
    for (const k of ["organisation", "team", "post"]) if (sh[k]) f.push(k + "=" + str(sh[k]));
    if (sh.size) f.push("size=" + sh.size);
    if (sh.note) f.push("note=" + str(sh.note));
    return "{" + f.join(", ") + "}";
  }).join(", ") + "]";
}

function shocksChanged() {
  return !!state.view && shocksTOML(state.shocks) !== shocksTOML(state.view.shocks);
}

function buildShockControls() {
  const v = state.view;
  const kind = $("shock-kind");
  kind.replaceChildren(...v.shock_kinds.map((k) => new Option(k.replace(/-/g, " "), k)));
  kind.value = v.shock_kinds.includes("abolition") ? "abolition" : v.shock_kinds[0];
  $("shock-org").replaceChildren(...v.organisations.map((o) => new Option(o, o)));
  const nhs = v.organisations.find((o) => /PCT|NHS|Trust/.test(o));
  if (nhs) $("shock-org").value = nhs;
  $("shock-post").replaceChildren(...(v.posts || []).map((o) => new Option(o, o)));
  $("shock-size").title = v.size_help;
  shockFields();
}

// shockFields shows the fields the chosen kind of shock needs.
function shockFields() {
  const needs = SHOCK_NEEDS[$("shock-kind").value] || {};
  $("shock-org-label").hidden = !needs.organisation;
  $("shock-post-label").hidden = !needs.post;
  $("shock-size-label").hidden = !needs.size;
}

const TL = { W: 900, L: 24, R: 880, axis: 44 };

function timelineX(week) { return TL.L + (week / Math.max(weeks(), 1)) * (TL.R - TL.L); }

function timelineWeek(clientX) {
  const r = $("timeline").getBoundingClientRect();
  const x = ((clientX - r.left) / r.width) * TL.W;
  return Math.max(0, Math.min(weeks(), Math.round(((x - TL.L) / (TL.R - TL.L)) * weeks())));
}

function drawTimeline() {
  const svg = $("timeline");
  svg.replaceChildren();
  if (!state.view) return;
  svg.append(el("rect", { class: "bg", x: 0, y: 0, width: TL.W, height: 62 }));
  svg.append(el("line", { class: "axis", x1: TL.L, x2: TL.R, y1: TL.axis, y2: TL.axis }));
  for (let yr = 0; yr * 52 <= weeks(); yr++) {
    svg.append(el("line", { class: "axis", x1: timelineX(yr * 52), x2: timelineX(yr * 52), y1: TL.axis, y2: TL.axis + 4 }));
    const t = el("text", { class: "tick", x: timelineX(yr * 52), y: 58, "text-anchor": "middle" });
    t.textContent = yr === 0 ? state.view.start.slice(0, 4) : "year " + yr;
    svg.append(t);
  }
  let n = 0;
  state.shocks.forEach((sh, i) => {
    if (!sh.date) return;
    const w = weekOf(sh.date);
    if (w > weeks()) return;
    const x = timelineX(w);
    const g = el("g", { class: "shock" + (i === state.chosenShock ? " chosen" : "") });
    g.dataset.index = i;
    g.dataset.week = w;
    g.dataset.kind = sh.kind;
    g.append(el("line", { x1: x, x2: x, y1: 12, y2: TL.axis }));
    g.append(el("path", { d: `M${x} 3 L${x + 6} 10 L${x} 17 L${x - 6} 10 Z` }));
    const label = el("text", { x: x + 8, y: n % 2 ? 34 : 24 });
    label.textContent = `${shockWords(sh)} (week ${w})`;
    g.append(label);
    const title = el("title");
    title.textContent = `${shockWords(sh)}, week ${w} (${sh.date})` + (sh.note ? ". " + sh.note : "");
    g.append(title);
    svg.append(g);
    n++;
  });
  svg.append(el("line", { class: "now", x1: TL.L, x2: TL.L, y1: 0, y2: TL.axis, visibility: "hidden" }));
  svg.dataset.shocks = String(n);
  const hazards = state.shocks.filter((sh) => !sh.date && sh.hazard);
  const chosen = state.shocks[state.chosenShock];
  $("shock-info").textContent =
    (chosen ? `Chosen: ${shockWords(chosen)} in week ${weekOf(chosen.date)} (${chosen.date})${chosen.note ? " — " + chosen.note : ""}. ` : "") +
    (hazards.length ? "At random: " + hazards.map((sh) => `${shockWords(sh)} (${pct(sh.hazard)} a year)`).join(", ") + ". " : "") +
    (shocksChanged() ? "The timeline differs from the case as written: play again to see its effect." : "");
  $("shock-remove").disabled = !chosen;
  moveCursors();
}

function addShock(week) {
  const kind = $("shock-kind").value;
  const needs = SHOCK_NEEDS[kind] || {};
  const sh = { kind, date: dateOf(week), note: "added on the teaching page" };
  if (needs.organisation) sh.organisation = $("shock-org").value;
  if (needs.post) {
    if (!$("shock-post").value) { showError(`${state.view.name} has no joint post to split`); return; }
    sh.post = $("shock-post").value;
  }
  if (needs.size) sh.size = Math.max(0, Math.min(1, Number($("shock-size").value) || 0));
  state.shocks.push(sh);
  state.chosenShock = state.shocks.length - 1;
  timelineChanged();
}

function removeShock() {
  if (state.chosenShock < 0) return;
  state.shocks.splice(state.chosenShock, 1);
  state.chosenShock = -1;
  timelineChanged();
}

function timelineChanged() {
  showError("");
  drawTimeline();
  updateToml();
}

// The timeline's pointer: press on the line to add a shock there; press on
// a shock to choose it and drag it to another week.
function wireTimeline() {
  const svg = $("timeline");
  let drag = null;
  svg.addEventListener("pointerdown", (e) => {
    if (!state.view) return;
    const g = e.target.closest(".shock");
    if (g) {
      state.chosenShock = Number(g.dataset.index);
      drag = { i: state.chosenShock, moved: false };
      svg.setPointerCapture(e.pointerId);
      drawTimeline();
    } else {
      addShock(timelineWeek(e.clientX));
    }
    e.preventDefault();
  });
  svg.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const d = dateOf(timelineWeek(e.clientX));
    if (d !== state.shocks[drag.i].date) {
      state.shocks[drag.i].date = d;
      drag.moved = true;
      drawTimeline();
    }
  });
  const end = () => {
    if (drag && drag.moved) timelineChanged();
    drag = null;
  };
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);
}

// ---- the people of one team -------------------------------------------------

const PALETTE = ["#2a6fdb", "#d1495b", "#2a9d8f", "#e9a03b", "#7b5ea7", "#6c757d", "#8ab17d", "#c2185b"];
const PW = 560, PH = 380, RING = 85;

function buildTeamPicker() {
  const sel = $("people-team");
  sel.replaceChildren(...state.view.teams.map((t, i) => new Option(t, String(i))));
  sel.value = "0";
  $("people-rep").value = 1;
}

function clearPeople() {
  state.frames = [];
  state.cursor = 0;
  state.animating = false;
  state.layout = [];
  delete document.body.dataset.peopleWeek;
  delete document.body.dataset.animationDone;
  $("week-slider").max = 0;
  $("week-slider").value = 0;
  $("people-week").textContent = state.view ? "Press play to watch this team through the run" : "";
  $("people-legend").replaceChildren();
  $("people-tip").hidden = true;
  drawPeople(null);
  moveCursors();
}

function addFrame(d) {
  state.frames.push(d);
  $("week-slider").max = state.frames.length - 1;
  if (state.frames.length === 1) {
    drawPeopleLegend(d);
    showPeople();
  }
}

function startAnimation() {
  if (state.animating) return;
  state.animating = true;
  state.lastTick = performance.now();
  requestAnimationFrame(tick);
}

// tick moves the cursor at the chosen speed, in weeks a second, up to the
// last frame received; the animation ends at the run's last week.
function tick(now) {
  if (!state.animating) return;
  const dt = Math.min((now - state.lastTick) / 1000, 0.25);
  state.lastTick = now;
  const fr = state.frames;
  if (fr.length > 1) {
    const every = fr[1].week - fr[0].week || 1;
    state.cursor = Math.min(state.cursor + (dt * Number($("speed").value)) / every, fr.length - 1);
  }
  showPeople();
  const last = fr[fr.length - 1];
  if (last && state.cursor >= fr.length - 1 && last.week >= state.runWeeks) {
    state.animating = false;
    document.body.dataset.animationDone = "1";
    updateButtons();
    return;
  }
  requestAnimationFrame(tick);
}

function showPeople() {
  const fr = state.frames;
  if (fr.length === 0) return;
  const i = Math.min(Math.floor(state.cursor), fr.length - 1);
  const f = state.cursor - i;
  const a = fr[i], b = fr[Math.min(i + 1, fr.length - 1)];
  drawPeople(a, b, f);
  $("week-slider").value = i;
  const inPost = a.people.filter((p) => !p.vacant);
  const mean = (k) => inPost.reduce((s, p) => s + p[k], 0) / Math.max(inPost.length, 1);
  const how = [a.colocated ? "co-located" : "apart", a.single ? "one manager" : "split management", a.shared ? "shared records" : "separate records"];
  $("people-week").textContent = `Week ${a.week} (${dateOf(a.week)}), replicate ${a.replicate + 1}: ${how.join(", ")}; ` +
    `identification with the team ${mean("team_id").toFixed(2)}, with the profession ${mean("professional_id").toFixed(2)}; ` +
    `${a.people.length - inPost.length} vacant`;
  document.body.dataset.peopleWeek = String(a.week);
  moveCursors(a.week + f * (b.week - a.week));
  updatePlayButtons();
}

function drawPeopleLegend(d) {
  const seen = [];
  for (const p of d.people) if (!seen.includes(p.profession)) seen.push(p.profession);
  $("people-legend").replaceChildren(...seen.map((k) => {
    const li = document.createElement("li");
    const dot = document.createElement("span");
    dot.className = "dot";
    dot.style.background = PALETTE[k % PALETTE.length];
    const st = d.people.find((p) => p.profession === k).status;
    li.append(dot, `${d.professions[k]} (status ${st.toFixed(2)})`);
    return li;
  }));
}

// layout places each post of a frame: near its profession's corner, or on
// the team's circle in the middle, in proportion to how much of the
// person's identification is with the team rather than the profession.
function layout(d) {
  const profs = [];
  for (const p of d.people) if (!profs.includes(p.profession)) profs.push(p.profession);
  const n = d.people.length;
  const byProf = profs.map((k) => d.people.map((p, i) => (p.profession === k ? i : -1)).filter((i) => i >= 0));
  // Round the team's circle by turns, one of each profession, so that a
  // team that identifies as one is mixed.
  const ring = [];
  for (let r = 0; ring.length < n; r++) for (const ms of byProf) if (r < ms.length) ring.push(ms[r]);
  const cx = PW / 2, cy = PH / 2;
  return d.people.map((p, i) => {
    const c = profs.indexOf(p.profession);
    const ca = -Math.PI / 2 + (2 * Math.PI * c) / profs.length;
    const ms = byProf[c], m = ms.indexOf(i);
    const oa = (2 * Math.PI * m) / ms.length + ca;
    const off = ms.length > 1 ? 28 : 0;
    const px = cx + 205 * Math.cos(ca) + off * Math.cos(oa), py = cy + 128 * Math.sin(ca) + off * Math.sin(oa);
    const ra = -Math.PI / 2 + (2 * Math.PI * ring.indexOf(i)) / n;
    const tx = cx + RING * Math.cos(ra), ty = cy + RING * Math.sin(ra);
    const drift = p.vacant ? 0 : p.team_id / Math.max(p.team_id + p.professional_id, 1e-9);
    return { x: px + drift * (tx - px), y: py + drift * (ty - py), r: 6 + 14 * p.status, drift };
  });
}

function drawPeople(a, b, f) {
  const cv = $("people");
  const dpr = window.devicePixelRatio || 1;
  if (cv.width !== PW * dpr) { cv.width = PW * dpr; cv.height = PH * dpr; }
  const g = cv.getContext("2d");
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, PW, PH);
  if (!a) {
    cv.dataset.nodes = "0";
    cv.dataset.links = "0";
    return;
  }
  b = b || a;
  f = f || 0;
  const la = layout(a), lb = layout(b);
  const pos = la.map((p, i) => ({ x: p.x + f * (lb[i].x - p.x), y: p.y + f * (lb[i].y - p.y), r: p.r }));
  const n = a.people.length;
  // The team's circle.
  g.strokeStyle = "#e6e9ed";
  g.lineWidth = 1;
  g.beginPath();
  g.arc(PW / 2, PH / 2, RING, 0, 2 * Math.PI);
  g.stroke();
  // Where each profession's corner is, and the team's circle, in words.
  g.font = "12px system-ui, sans-serif";
  g.fillStyle = "#5a6570";
  g.textBaseline = "middle";
  g.textAlign = "center";
  g.fillText("one team", PW / 2, PH / 2 + RING + 12);
  const profs = [];
  for (const p of a.people) if (!profs.includes(p.profession)) profs.push(p.profession);
  profs.forEach((k, c) => {
    const ca = -Math.PI / 2 + (2 * Math.PI * c) / profs.length;
    const cos = Math.cos(ca), sin = Math.sin(ca);
    g.textAlign = cos > 0.3 ? "right" : cos < -0.3 ? "left" : "center";
    const x = cos > 0.3 ? PW - 6 : cos < -0.3 ? 6 : PW / 2 + 205 * cos;
    const y = Math.abs(cos) > 0.3 ? PH / 2 + 128 * sin + 52 : PH / 2 + 128 * sin + 56 * Math.sign(sin);
    g.fillStyle = PALETTE[k % PALETTE.length];
    g.fillText(a.professions[k], x, Math.max(10, Math.min(PH - 10, y)));
  });
  let links = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const p = a.people[i], q = a.people[j];
      if (p.vacant || q.vacant || p.profession === q.profession) continue;
      const ta = (a.trust[i][j] + a.trust[j][i]) / 2, tb = (b.trust[i][j] + b.trust[j][i]) / 2;
      const t = ta + f * (tb - ta);
      g.strokeStyle = `rgba(35,57,93,${(0.08 + 0.8 * t * t).toFixed(3)})`;
      g.lineWidth = 0.5 + 4 * t * t;
      g.beginPath();
      g.moveTo(pos[i].x, pos[i].y);
      g.lineTo(pos[j].x, pos[j].y);
      g.stroke();
      links++;
    }
  }
  a.people.forEach((p, i) => {
    const { x, y, r } = pos[i];
    g.beginPath();
    g.arc(x, y, r, 0, 2 * Math.PI);
    if (p.vacant) {
      g.setLineDash([3, 3]);
      g.strokeStyle = "#8d99a6";
      g.lineWidth = 1.5;
      g.stroke();
      g.setLineDash([]);
      return;
    }
    g.fillStyle = PALETTE[p.profession % PALETTE.length];
    g.fill();
    g.strokeStyle = i === state.hover ? "#1d2731" : "#fff";
    g.lineWidth = i === state.hover ? 3 : 1.5;
    g.stroke();
  });
  state.layout = pos;
  state.shown = a;
  const inPost = a.people.filter((p) => !p.vacant);
  cv.dataset.nodes = String(n);
  cv.dataset.inPost = String(inPost.length);
  cv.dataset.links = String(links);
  cv.dataset.week = String(a.week);
  cv.dataset.meanTeamId = (inPost.reduce((s, p) => s + p.team_id, 0) / Math.max(inPost.length, 1)).toFixed(3);
  cv.dataset.meanDrift = (la.reduce((s, p) => s + p.drift, 0) / la.length).toFixed(3);
}

// hoverPerson shows who is under the pointer, beside the network.
function hoverPerson(e) {
  const cv = $("people");
  const r = cv.getBoundingClientRect();
  const x = ((e.clientX - r.left) / r.width) * PW, y = ((e.clientY - r.top) / r.height) * PH;
  let best = -1, bestD = Infinity;
  (state.layout || []).forEach((p, i) => {
    const d = Math.hypot(p.x - x, p.y - y);
    if (d <= p.r + 4 && d < bestD) { best = i; bestD = d; }
  });
  const tip = $("people-tip");
  if (best !== state.hover) {
    state.hover = best;
    if (state.frames.length) showPeople();
  }
  if (best < 0 || !state.shown) { tip.hidden = true; return; }
  const d = state.shown, p = d.people[best];
  const line = (s) => { const div = document.createElement("div"); div.textContent = s; return div; };
  const head = document.createElement("b");
  head.textContent = `${d.professions[p.profession]}, ${d.employers[p.employer]}`;
  if (p.vacant) {
    tip.replaceChildren(head, line("Vacant post: waiting for a newcomer"));
  } else {
    const gap = p.status_gap;
    tip.replaceChildren(head,
      line(`Identifies with the profession ${p.professional_id.toFixed(2)}, with the team ${p.team_id.toFixed(2)}, with the employer ${p.employer_id.toFixed(2)}`),
      line(`Status gap ${gap >= 0 ? "+" : ""}${gap.toFixed(2)}: sees the other professions as ${Math.abs(gap) < 0.02 ? "equals" : gap > 0 ? "above" : "below"}`),
      line(`Discretion claimed ${p.discretion.toFixed(2)}; accepts others' judgement ${p.acceptance.toFixed(2)}`),
      line(`Intention to leave ${p.intent.toFixed(2)}; stress ${p.stress.toFixed(2)}; ${p.tenure} weeks in post`));
  }
  tip.hidden = false;
  tip.dataset.person = String(best);
}

// moveCursors marks the week the people show on every chart and on the
// timeline.
function moveCursors(week) {
  if (week === undefined) {
    const fr = state.frames[Math.min(Math.floor(state.cursor), state.frames.length - 1)];
    week = fr ? fr.week : null;
  }
  for (const c of document.querySelectorAll("#charts .cursor")) {
    if (week == null) { c.setAttribute("visibility", "hidden"); continue; }
    const x = Number(c.dataset.left) + (week / Number(c.dataset.xmax)) * (Number(c.dataset.right) - Number(c.dataset.left));
    c.setAttribute("x1", x);
    c.setAttribute("x2", x);
    c.setAttribute("visibility", "visible");
  }
  const now = document.querySelector("#timeline .now");
  if (now) {
    if (week == null) now.setAttribute("visibility", "hidden");
    else {
      now.setAttribute("x1", timelineX(week));
      now.setAttribute("x2", timelineX(week));
      now.setAttribute("visibility", "visible");
    }
  }
}

// ---- wiring --------------------------------------------------------------------

function setStatus(s) { $("status").textContent = s; }
function showError(s) { $("error").textContent = s || ""; }

document.addEventListener("DOMContentLoaded", () => {
  $("back").addEventListener("click", () => { stopRun(); $("workbench").hidden = true; $("library").hidden = false; });
  $("play").addEventListener("click", play);
  $("pause").addEventListener("click", togglePause);
  $("step").addEventListener("click", stepWeek);
  $("stop").addEventListener("click", () => { stopRun(); setStatus("stopped"); });
  $("export-png").addEventListener("click", () => exportPNG().catch((e) => showError(e.message)));
  $("speed").addEventListener("input", () => { $("speed-shown").textContent = $("speed").value + " weeks a second"; });
  $("shock-kind").addEventListener("change", shockFields);
  $("shock-remove").addEventListener("click", removeShock);
  $("timeline").addEventListener("keydown", (e) => { if (e.key === "Delete" || e.key === "Backspace") removeShock(); });
  wireTimeline();
  $("shock-add").addEventListener("click", () => {
    const w = Math.round(Number($("shock-week").value));
    if (!(w >= 0 && w <= weeks())) { showError(`Give a week from 0 to ${weeks()}`); return; }
    addShock(w);
  });
  $("people-rep").addEventListener("change", () => {
    updateToml();
    if (state.current) play();
  });
  $("people-team").addEventListener("change", () => {
    state.team = Number($("people-team").value);
    updateToml();
    if (state.current) play();
    else clearPeople();
  });
  $("week-slider").addEventListener("input", () => {
    state.animating = false;
    state.cursor = Number($("week-slider").value);
    showPeople();
  });
  $("people").addEventListener("mousemove", hoverPerson);
  $("people").addEventListener("mouseleave", () => { $("people-tip").hidden = true; state.hover = -1; if (state.frames.length) showPeople(); });
  $("reset").addEventListener("click", reset);
  $("pin").addEventListener("click", pin);
  $("unpin").addEventListener("click", unpin);
  $("export").addEventListener("click", exportCSV);
  $("replicates").addEventListener("change", updateToml);
  $("years").addEventListener("change", () => { updateToml(); drawTimeline(); });
  loadLibrary().catch((e) => showError(e.message));
});
