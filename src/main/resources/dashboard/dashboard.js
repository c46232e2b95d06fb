// The dashboard: polls the pipeline's JSON routes and redraws its charts in place, never reloading the page.
"use strict";

const ANALYTICS_EVERY_MS = 5000;
const OPERATIONS_EVERY_MS = 2000;
const PALETTE = ["#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#06b6d4", "#ec4899", "#84cc16", "#64748b", "#f97316"];
const charts = {};

Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.size = 11;

// Money arrives as exact decimal strings; adding them as cents keeps the totals exact.
function cents(money) {
  const [whole, fraction = ""] = money.split(".");
  return BigInt(whole) * 100n + BigInt((fraction + "00").slice(0, 2));
}
function formatCents(total) {
  const whole = (total / 100n).toLocaleString("en-US");
  return whole + "." + String(total % 100n).padStart(2, "0");
}
const toNumber = money => Number(money);

async function getJson(url) {
  const response = await fetch(url, { cache: "no-store" });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || url + " answered " + response.status);
  }
  return body;
}

// Draws a chart once, then only swaps its data, so a refresh keeps the canvas and its size.
function draw(id, type, labels, datasets, options = {}) {
  const existing = charts[id];
  if (existing) {
    existing.data.labels = labels;
    existing.data.datasets = datasets;
    existing.update();
    return;
  }
  charts[id] = new Chart(document.getElementById(id), { type, data: { labels, datasets }, options });
}

function colored(label, data, index, extra = {}) {
  return { label, data, backgroundColor: PALETTE[index % PALETTE.length], borderColor: PALETTE[index % PALETTE.length], ...extra };
}

// Revenue per month, stacked by one attribute of the monthly_sales rows (category or region).
function monthlyRevenueBy(rows, attribute, id) {
  const months = [...new Set(rows.map(row => row.month))].sort();
  const groups = [...new Set(rows.map(row => row[attribute]))].sort();
  const revenue = new Map();
  for (const row of rows) {
    const key = row[attribute] + "|" + row.month;
    revenue.set(key, (revenue.get(key) || 0n) + cents(row.revenue));
  }
  const datasets = groups.map((group, i) =>
    colored(group, months.map(month => Number(revenue.get(group + "|" + month) || 0n) / 100), i));
  draw(id, "bar", months, datasets, { scales: { x: { stacked: true }, y: { stacked: true } } });
}

function showMonthlySales(rows) {
  monthlyRevenueBy(rows, "category", "sales-by-category");
  monthlyRevenueBy(rows, "region", "sales-by-region");
}

function showProducts(rows) {
  const totalCents = rows.reduce((sum, row) => sum + cents(row.revenue), 0n);
  const totalUnits = rows.reduce((sum, row) => sum + row.units, 0);
  const revenue = document.querySelector('[data-total="revenue"]');
  revenue.textContent = formatCents(totalCents);
  revenue.dataset.value = (totalCents / 100n) + "." + String(totalCents % 100n).padStart(2, "0");
  document.querySelector('[data-total="units"]').textContent = totalUnits.toLocaleString("en-US");
  document.querySelector('[data-total="best_product"]').textContent = rows.length ? rows[0].product_name : "–";
  const shown = rows.slice(0, 20);
  draw("products", "bar", shown.map(row => row.product_name), [
    colored("revenue", shown.map(row => toNumber(row.revenue)), 0, { yAxisID: "revenue" }),
    colored("units", shown.map(row => row.units), 1, { yAxisID: "units", type: "line" })
  ], { scales: { revenue: { position: "left" }, units: { position: "right", grid: { drawOnChartArea: false } } } });
}

function showRepeatCustomers(rows) {
  draw("repeat-customers", "bar", rows.map(row => row.customer_name + " (" + row.orders + " orders)"),
    [colored("revenue", rows.map(row => toNumber(row.revenue)), 2)],
    { indexAxis: "y", plugins: { legend: { display: false } } });
  offerCustomers(rows.map(row => row.customer_id));
}

function showMultiRegion(rows) {
  document.getElementById("multi-region-count").textContent = "(" + rows.length + ")";
  const perRegion = new Map();
  rows.forEach(row => row.regions.forEach(region => perRegion.set(region, (perRegion.get(region) || 0) + 1)));
  const regions = [...perRegion.keys()].sort();
  draw("multi-region", "bar", regions, [colored("customers who ordered there", regions.map(r => perRegion.get(r)), 4)],
    { plugins: { legend: { display: false } } });
  offerCustomers(rows.map(row => row.customer_id));
}

// The customer picker offers the customers the other sections show; the first multi-region one starts it.
const offered = new Set();
function offerCustomers(ids) {
  const list = document.getElementById("customer-choices");
  for (const id of ids) {
    if (!offered.has(id)) {
      offered.add(id);
      const option = document.createElement("option");
      option.value = id;
      list.appendChild(option);
    }
  }
  const input = document.getElementById("customer");
  if (!input.value && ids.length) {
    input.value = ids[0];
  }
}

const utcMinute = millis => new Date(millis).toISOString().slice(0, 16).replace("T", " ");

async function refreshCustomerHistory() {
  const customer = document.getElementById("customer").value.trim();
  const note = document.getElementById("customer-note");
  if (!customer) {
    return;
  }
  try {
    const versions = await getJson("/api/customer-history?customer_id=" + encodeURIComponent(customer));
    note.textContent = versions.length + " version" + (versions.length === 1 ? "" : "s");
    // the current version has no end: draw it a little past the latest change, so older versions stay visible
    const start = Date.parse(versions[0].valid_from);
    const latest = Math.max(...versions.map(v => Date.parse(v.valid_to || v.valid_from)));
    const end = latest + Math.max((latest - start) * 0.15, 3600 * 1000);
    const regions = [...new Set(versions.map(v => v.region))];
    draw("customer-timeline", "bar", ["region"], regions.map((region, i) => colored(region,
      versions.filter(v => v.region === region).map(v => ({
        x: [Date.parse(v.valid_from), v.valid_to ? Date.parse(v.valid_to) : end], y: "region" })), i,
      { grouped: false })),
      { indexAxis: "y", scales: { x: { type: "linear", min: start, max: end, ticks: { callback: utcMinute } } } });
    // the scale is made once; a newly picked customer's history starts elsewhere
    charts["customer-timeline"].options.scales.x.min = start;
    charts["customer-timeline"].options.scales.x.max = end;
    charts["customer-timeline"].update();
  } catch (error) {
    note.textContent = error.message;
  }
}

async function refreshAnalytics() {
  const [monthly, repeat, multiRegion, products] = await Promise.all(
    ["monthly_sales", "top_repeat_customers", "multi_region_customers", "product_performance"]
      .map(name => getJson("/api/analytics/" + name)));
  showMonthlySales(monthly);
  showProducts(products);
  showMultiRegion(multiRegion);
  showRepeatCustomers(repeat);
  await refreshCustomerHistory();
  document.getElementById("updated").textContent = new Date().toLocaleTimeString();
}

function showReadiness(ops) {
  const pill = document.getElementById("readiness");
  if (!ops.pipeline_running) {
    pill.textContent = "no pipeline in this process";
    pill.className = "pill";
    return;
  }
  const ready = ops.readiness.ready;
  pill.textContent = ready ? "pipeline ready" : "not ready: " + Object.keys(ops.readiness.not_ready).join(", ");
  pill.title = ready ? "" : JSON.stringify(ops.readiness.not_ready);
  pill.className = "pill " + (ready ? "ready" : "not-ready");
}

async function refreshOperations() {
  const ops = await getJson("/api/operations");
  showReadiness(ops);
  document.getElementById("operations").classList.toggle("elsewhere", !ops.pipeline_running);
  document.getElementById("ops-note").textContent = ops.pipeline_running ? "" :
    "(served by the dashboard command: the loader's counters live in the pipeline process)";
  for (const element of document.querySelectorAll("[data-metric]")) {
    const value = ops.counters[element.dataset.metric];
    element.textContent = value === undefined ? "–" : String(value);
  }
  if (!ops.pipeline_running) {
    return;
  }
  const latency = ops.end_to_end_latency_ms;
  document.getElementById("latency").textContent = latency.p50 === undefined ? "–" : latency.p50 + " / " + latency.p99 + " ms";
  draw("throughput", "line", ops.throughput.map(point => new Date(point.at).toLocaleTimeString()),
    [colored("lines/s", ops.throughput.map(point => point.lines_per_second), 0, { pointRadius: 0 }),
     colored("orders/s", ops.throughput.map(point => point.orders_per_second), 2, { pointRadius: 0 })]);
  const partitions = Object.keys(ops.consumer_lag);
  draw("lag", "bar", partitions, [colored("messages behind", partitions.map(p => ops.consumer_lag[p]), 5)],
    { plugins: { legend: { display: false } } });
  const classes = Object.keys(ops.dead_lettered_by_class);
  draw("dead-letters", "bar", classes.length ? classes : ["none"],
    [colored("dead letters", classes.length ? classes.map(c => ops.dead_lettered_by_class[c]) : [0], 3)],
    { plugins: { legend: { display: false } } });
}

// A failed refresh shows its reason in the header and is tried again on the next tick.
function every(intervalMs, refresh) {
  const run = () => refresh().catch(error => {
    document.getElementById("updated").textContent = "refresh failed: " + error.message;
  }).finally(() => setTimeout(run, intervalMs));
  run();
}

document.getElementById("customer").addEventListener("change", refreshCustomerHistory);
every(ANALYTICS_EVERY_MS, refreshAnalytics);
every(OPERATIONS_EVERY_MS, refreshOperations);
