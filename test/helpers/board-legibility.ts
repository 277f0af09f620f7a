import type { Page } from 'playwright-core';

/**
 * What a board looks like from across the room, measured in the page: the smallest visible text, which quarters of the
 * screen hold content, and the Vietnamese left after the switch to English. Used by the board browser tests.
 */

/** Each visible text (its element, size in px and the text), smallest first. */
export async function textSizes(page: Page): Promise<Array<{ size: number; text: string; tag: string }>> {
  return page.evaluate(() => {
    const found: Array<{ size: number; text: string; tag: string }> = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (!text || !parent) continue;
      const style = getComputedStyle(parent);
      const box = parent.getBoundingClientRect();
      const shown = style.visibility !== 'hidden' && style.display !== 'none' && box.width > 0 && box.height > 0;
      if (!shown || box.bottom <= 0 || box.top >= innerHeight || box.right <= 0 || box.left >= innerWidth) continue;
      found.push({ size: parseFloat(style.fontSize), text: text.slice(0, 40), tag: parent.tagName });
    }
    return found.sort((a, b) => a.size - b.size);
  });
}

/** For each quarter of the window (top left, top right, bottom left, bottom right): whether content is shown there. */
export async function filledQuarters(page: Page): Promise<boolean[]> {
  return page.evaluate(() => {
    const [w, h] = [innerWidth / 2, innerHeight / 2];
    const quarters = [
      [0, 0],
      [w, 0],
      [0, h],
      [w, h],
    ];
    // Content is a text, a drawn chart or a progress bar; a quarter counts when content covers a tenth of it.
    const boxes: DOMRect[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim() || !node.parentElement) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      boxes.push(...Array.from(range.getClientRects()));
    }
    for (const c of document.querySelectorAll('canvas, .bar-track')) boxes.push(c.getBoundingClientRect());
    return quarters.map(([x, y]) => {
      let covered = 0;
      for (const b of boxes) {
        const dx = Math.min(b.right, x + w) - Math.max(b.left, x);
        const dy = Math.min(b.bottom, y + h) - Math.max(b.top, y);
        if (dx > 0 && dy > 0) covered += dx * dy;
      }
      return covered >= 0.1 * w * h;
    });
  });
}

/** Letters only Vietnamese writes: an English board shows none of them outside data (names of places). */
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

/**
 * The Vietnamese texts left on the page and in its charts (labels, legends, axis titles). Place names are data
 * (elements with the class `data`), the language button names the other language, and the sandbox's test-money
 * banner says both languages by design.
 */
export async function vietnameseLeft(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('.data, .lang, [data-test-money], script, style')) continue;
      if (node.textContent?.trim()) out.push(node.textContent.trim());
    }
    // The tab's title too, less the place names it carries.
    const names = [...document.querySelectorAll('.data')].map((e) => e.textContent?.trim() ?? '').filter(Boolean);
    out.push(names.reduce((title, name) => title.split(name).join(''), document.title));
    // Pages without a chart do not load the chart library.
    const charts =
      (globalThis as unknown as { Chart?: { instances: Record<string, ChartLike> } }).Chart?.instances ?? {};
    interface ChartLike {
      canvas: HTMLCanvasElement;
      data: { labels?: unknown[]; datasets: Array<{ label?: string }> };
      options: { scales?: Record<string, { title?: { text?: string } }> };
    }
    for (const chart of Object.values(charts)) {
      if (chart.canvas.closest('.data')) continue;
      out.push(...(chart.data.labels ?? []).map(String), ...chart.data.datasets.map((d) => d.label ?? ''));
      out.push(...Object.values(chart.options.scales ?? {}).map((s) => s.title?.text ?? ''));
    }
    return out;
  });
  return texts.filter((x) => VIETNAMESE.test(x));
}
