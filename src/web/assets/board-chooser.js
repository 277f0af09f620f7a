// /board when there is not exactly one site: every site's board, grouped by province (from GET /api/v1/sites),
// each province's board, and the national one when there is more than one province.
import { api, setupLanguageToggle, t } from '/assets/common.js';
import { $, el } from '/assets/board-format.js';

let sites = null;

const KIND = { street: ['Phố đi bộ', 'Walking street'], market: ['Chợ', 'Market'] };

function render() {
  if (!sites) return;
  const byProvince = new Map();
  for (const s of sites) {
    const group = byProvince.get(s.provinceCode) ?? { name: s.provinceName ?? s.provinceCode, sites: [] };
    group.sites.push(s);
    byProvince.set(s.provinceCode, group);
  }
  $('national').hidden = byProvince.size < 2;
  $('none').hidden = sites.length > 0;
  $('provinces').replaceChildren(
    ...[...byProvince].map(([code, group]) => {
      const section = el('section', '', 'tile');
      const heading = el('h2', '');
      const link = el('a', group.name, 'data');
      link.href = `/board/province/${encodeURIComponent(code)}`;
      heading.append(link);
      const list = el('ul', '');
      for (const s of group.sites.sort((a, b) => a.name.localeCompare(b.name, 'vi'))) {
        const li = el('li', '');
        const a = el('a', s.name, 'data');
        a.href = `/board/${encodeURIComponent(s.slug)}`;
        const kind = KIND[s.kind];
        li.append(a, el('span', [kind ? t(...kind) : '', s.wardName].filter(Boolean).join(' · '), 'sub'));
        list.append(li);
      }
      section.append(heading, list);
      return section;
    }),
  );
}

setupLanguageToggle($('lang'), render);
api('/api/v1/sites')
  .then((answer) => {
    sites = answer.sites ?? [];
    render();
  })
  .catch(() => {
    $('provinces').replaceChildren(el('p', t('Không tải được danh sách.', 'The list could not be loaded.'), 'empty'));
  });
