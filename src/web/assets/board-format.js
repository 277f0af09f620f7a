// Formatting and chart set-up shared by the boards (one site, a province, the nation).
import { t, vnd } from '/assets/common.js';

export { vnd };
export const $ = (id) => document.getElementById(id);

// Vietnamese writes 87,3% (a decimal comma beside the dots that group thousands); English 87.3%.
export const pct = (x) =>
  Number(x).toLocaleString(t('vi-VN', 'en-US'), {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
/** Counts grouped as the language writes them: 12.345 in Vietnamese, 12,345 in English. */
export const num = (n) => Number(n).toLocaleString(t('vi-VN', 'en-US'));

/** An element with text: names and codes are data, so they never go through HTML parsing. */
export function el(tag, text, className) {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

export const clock = (iso) =>
  new Date(iso).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });

/** The size of one rem in pixels: chart labels are drawn at it, like every text on the board (24 px and up at 1920). */
const remPx = () => parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;

/** Chart.js defaults for a dark board whose labels are as large as its other texts (set before making charts). */
export function setupCharts() {
  Chart.defaults.color = '#e2e8f0';
  Chart.defaults.borderColor = '#334155';
  Chart.defaults.font.size = remPx();
  Chart.defaults.maintainAspectRatio = false;
}

/** Keeps the charts' labels at one rem when the window's size changes. */
export function followWindow(charts) {
  addEventListener('resize', () => {
    const size = remPx();
    if (size === Chart.defaults.font.size) return;
    Chart.defaults.font.size = size;
    Object.values(charts).forEach((c) => c.update());
  });
}

/** A value axis in đồng: titled with its unit and its ticks grouped by thousands in the page's language. */
export function dongAxis(extra = {}) {
  return {
    beginAtZero: true,
    title: { display: true, text: t('đồng', 'VND') },
    ticks: { callback: (v) => num(v) },
    ...extra,
  };
}
