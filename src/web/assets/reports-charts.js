// The report page's charts, drawn as SVG: they scale to the page and print as crisp vectors, with no canvas to
// re-render for paper and no script needed once drawn.
const NS = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** 1234567 → "1,2 tr" (vi) / "1.2M" (en): short amounts for axis labels. */
export function shortAmount(n, lang) {
  const units =
    lang === 'vi'
      ? [
          [1e9, ' tỷ'],
          [1e6, ' tr'],
          [1e3, ' k'],
        ]
      : [
          [1e9, 'B'],
          [1e6, 'M'],
          [1e3, 'k'],
        ];
  for (const [size, unit] of units)
    if (Math.abs(n) >= size)
      return `${(n / size).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 1 })}${unit}`;
  return String(n);
}

/** A round axis top at or above `max`, and its four steps. */
function niceMax(max) {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude * 4 >= max) * magnitude;
  return step * 4;
}

/**
 * Stacked columns (cashless on cash) over labelled slots: the hours of a day or the days of a month.
 * @param {{ label: string, cashless: number, cash: number }[]} slots
 * @param {{ lang: 'vi' | 'en', title: string, every?: number }} options
 */
export function columnChart(slots, { lang, title, every = 1 }) {
  const width = 720;
  const height = 220;
  const left = 52;
  const bottom = 22;
  const top = 8;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(...slots.map((s) => s.cashless + s.cash), 0));
  const svg = el('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  svg.append(el('title', {}, title));
  for (let i = 0; i <= 4; i++) {
    const y = top + plotH - (plotH * i) / 4;
    svg.append(el('line', { class: 'axis', x1: left, x2: width, y1: y, y2: y }));
    svg.append(el('text', { x: left - 4, y: y + 3, 'text-anchor': 'end' }, shortAmount((max * i) / 4, lang)));
  }
  const slotW = (width - left) / Math.max(slots.length, 1);
  slots.forEach((s, i) => {
    const x = left + i * slotW + slotW * 0.15;
    const w = slotW * 0.7;
    const hCashless = (plotH * s.cashless) / max;
    const hCash = (plotH * s.cash) / max;
    const base = top + plotH;
    if (hCashless > 0)
      svg.append(el('rect', { class: 'cashless', x, width: w, y: base - hCashless, height: hCashless }));
    if (hCash > 0) svg.append(el('rect', { class: 'cash', x, width: w, y: base - hCashless - hCash, height: hCash }));
    if (i % every === 0) svg.append(el('text', { x: x + w / 2, y: height - 8, 'text-anchor': 'middle' }, s.label));
  });
  return svg;
}

/**
 * Horizontal bars with their label and value: methods, payer banks, sites.
 * @param {{ label: string, value: number, kind?: 'cash' | 'cashless', text: string }[]} rows
 * @param {{ title: string }} options
 */
export function barChart(rows, { title }) {
  const width = 360;
  const rowH = 20;
  const labelW = 120;
  const textW = 90;
  const height = Math.max(rows.length, 1) * rowH + 4;
  const max = Math.max(...rows.map((r) => r.value), 1);
  const svg = el('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  svg.append(el('title', {}, title));
  rows.forEach((r, i) => {
    const y = 2 + i * rowH;
    const w = ((width - labelW - textW) * r.value) / max;
    svg.append(el('text', { x: labelW - 6, y: y + 13, 'text-anchor': 'end' }, r.label.slice(0, 22)));
    svg.append(
      el('rect', { class: r.kind ?? 'cashless', x: labelW, y: y + 3, width: Math.max(w, 0), height: rowH - 6 }),
    );
    svg.append(el('text', { x: labelW + w + 4, y: y + 13 }, r.text));
  });
  return svg;
}
