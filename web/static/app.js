// quhua web UI: a single page over the JSON API under /v1.
// Pages are addressed by the URL fragment (#/d/220381, #/tree?at=2019 …).
// Elements are built with h(), never from HTML strings, so no data from the
// API is ever parsed as markup.

import {h, api, post, state, year, fmtDate, divLink, codeSpan, setPage, fail, problemView, richText, extensions, downloadsArea, main} from './core.js';
import {statusZh, noteZh, levelZh, confidenceKindZh, reasonZh} from './zh.js';
import {changeRoutes, sessionBar, stopFeed} from './changes.js';

const roleZh = {created: '设立', changed: '变更', gained: '划入', lost: '划出', ended: '撤销'};
let info = null; // /v1/version
// getInfo reads /v1/version once per release of the registry (applying a
// change forgets it).
const getInfo = async () => { if (!state.info) { state.info = await api('version'); footer(state.info); } info = state.info; return info; };

// note shows a note of the API in Chinese; one it does not know is shown
// with its original words folded.
const note = s => { const n = noteZh(s); return n.text ? h('p', {class: 'count'}, n.text) : h('details', {class: 'count orig'}, h('summary', {}, '附注（服务器原文）'), h('p', {lang: 'en'}, n.original)); };

// ---------- search as you type ----------
const q = document.getElementById('q');
const list = document.getElementById('suggest');
let active = -1, seq = 0, timer = 0;
function closeList() { list.hidden = true; q.setAttribute('aria-expanded', 'false'); q.removeAttribute('aria-activedescendant'); active = -1; }
function highlight(i) {
  const items = list.querySelectorAll('li[role=option]');
  if (!items.length) return;
  active = (i + items.length) % items.length;
  items.forEach((li, j) => li.setAttribute('aria-selected', j === active ? 'true' : 'false'));
  q.setAttribute('aria-activedescendant', items[active].id);
  items[active].scrollIntoView({block: 'nearest'});
}
function hitHref(hit) { return '#/d/' + hit.code + (hit.current ? '' : '?at=' + (hit.from || info?.firstYear || 1981)); }
async function suggest() {
  const text = q.value.trim();
  const my = ++seq;
  if (!text) { closeList(); return; }
  let res;
  try { res = await api('search?limit=12&q=' + encodeURIComponent(text)); } catch (e) { return; }
  if (my !== seq) return;
  list.replaceChildren(...res.hits.map((hit, i) => h('li', {role: 'option', id: 'opt' + i, 'aria-selected': 'false',
      'data-href': hitHref(hit), onmousedown: ev => { ev.preventDefault(); go(hitHref(hit)); }},
    h('span', {class: 'code'}, hit.code), h('strong', {}, hit.name),
    hit.inForce ? null : h('span', {class: 'old', title: '已不在使用'}, '旧 ' + hit.interval),
    hit.fullName && hit.fullName !== hit.name ? h('span', {class: 'full'}, hit.fullName) : null)));
  if (!res.hits.length) list.replaceChildren(h('li', {class: 'none'}, '没有找到“' + text + '”'));
  list.hidden = false; q.setAttribute('aria-expanded', 'true'); active = -1;
}
function go(href) { closeList(); q.blur(); location.hash = href; }
q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(suggest, 60); });
q.addEventListener('keydown', ev => {
  if (ev.key === 'ArrowDown') { ev.preventDefault(); if (list.hidden) suggest(); else highlight(active + 1); }
  else if (ev.key === 'ArrowUp') { ev.preventDefault(); highlight(active - 1); }
  else if (ev.key === 'Escape') closeList();
  else if (ev.key === 'Enter') {
    const items = list.querySelectorAll('li[role=option]');
    const li = items[active >= 0 ? active : 0];
    if (li) { ev.preventDefault(); go(li.dataset.href); }
  }
});
q.addEventListener('blur', () => setTimeout(closeList, 150));

// ---------- pages ----------
const routes = [
  [/^#?\/?$/, home],
  ...changeRoutes,
  [/^#\/d\/(\d{6}|\d{9})$/, division],
  [/^#\/tree$/, tree],
  [/^#\/year(?:\/(\d{4}))?$/, yearLog],
  [/^#\/diff$/, diffPage],
  [/^#\/tools$/, tools],
];
let routeSeq = 0;
async function route() {
  // A page still loading when another is asked for must not show its
  // errors over the newer page.
  const my = ++routeSeq;
  const [path, query] = location.hash.split('?');
  const params = new URLSearchParams(query || '');
  stopFeed();
  document.getElementById('horizon-notice').hidden = true;
  for (const [re, page] of [...extensions.routes, ...routes]) {
    const m = path.match(re);
    if (m) {
      try { await page(m, params); } catch (e) { if (my === routeSeq) fail(e, {code: /^(\d{6}|\d{9})$/.test(m[1] || '') ? m[1] : null}); }
      return;
    }
  }
  const e = new Error('没有这个页面：' + location.hash);
  e.zh = true;
  fail(e);
}
window.addEventListener('hashchange', () => { route(); main.focus({preventScroll: true}); window.scrollTo(0, 0); });

async function home() {
  setPage('首页',
    h('h1', {}, '中国行政区划，1981年至今'),
    h('p', {class: 'sub'}, '县级以上行政区划的代码、名称、隶属与代管关系，任意日期的状态，每一次变更及其批复文件。在上方输入名称、旧名或代码即可查询。'),
    h('p', {}, '例如：', divLink({code: '220184', name: '公主岭市'}), '（2020年由四平市代管改为长春市代管）、',
      divLink({code: '110105', name: '朝阳区'}), '、', h('a', {href: '#/year/2020'}, '2020年的变更'), '、',
      h('a', {href: '#/diff?from=2019&to=2024'}, '2019年与2024年对比'), '。'),
    h('h2', {}, '各类区划数量的变化'),
    h('div', {class: 'grid2'}, h('div', {class: 'card chart', id: 'chart-county'}, h('p', {class: 'loading'}, '加载中…')),
      h('div', {class: 'card chart', id: 'chart-pref'}, h('p', {class: 'loading'}, '加载中…'))));
  const st = await api('stats/kinds');
  if (!document.getElementById('chart-county')) return; // another page meanwhile
  chart(document.getElementById('chart-county'), '县级区划', st, ['县', '市辖区', '县级市', '自治县', '旗', '自治旗', '特区', '林区']);
  chart(document.getElementById('chart-pref'), '地级与省级区划', st, ['地级市', '地区', '自治州', '盟', '省', '自治区', '直辖市', '特别行政区']);
}

// chart draws a line per kind, year by year, as SVG, with a data table for screen readers.
function chart(el, title, st, kinds) {
  kinds = kinds.filter(k => st.years.some(y => y.counts[k]));
  const NS = 'http://www.w3.org/2000/svg';
  const s = (tag, attrs, ...kids) => { const e = document.createElementNS(NS, tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); e.append(...kids); return e; };
  const W = 560, H = 260, L = 44, R = 10, T = 12, B = 26;
  const ys = st.years.map(y => y.year), y0 = ys[0], y1 = ys[ys.length - 1];
  const maxV = Math.max(...st.years.flatMap(y => kinds.map(k => y.counts[k] || 0)));
  const top = Math.ceil(maxV / 100) * 100 || 10;
  const x = yr => L + (yr - y0) / (y1 - y0) * (W - L - R), yv = v => T + (1 - v / top) * (H - T - B);
  const svg = s('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': el.id + '-t'}, s('title', {id: el.id + '-t'}, title + '数量，' + y0 + '—' + y1 + '年'));
  for (let i = 0; i <= 4; i++) {
    const v = top * i / 4;
    svg.append(s('line', {x1: L, x2: W - R, y1: yv(v), y2: yv(v), stroke: '#e4dfda'}), s('text', {x: L - 6, y: yv(v) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#5f5a56'}, String(v)));
  }
  // A label near the right edge ends there, so that it is not clipped.
  for (let yr = Math.ceil(y0 / 5) * 5; yr <= y1; yr += 5) svg.append(s('text', {x: x(yr), y: H - 8, 'text-anchor': x(yr) > W - R - 16 ? 'end' : 'middle', 'font-size': 11, fill: '#5f5a56'}, String(yr)));
  const colors = ['#b3261e', '#1a56a8', '#1f7a4d', '#a86a00', '#6b3fa0', '#00838f', '#7a5c3e', '#c2185b'];
  kinds.forEach((k, i) => {
    const pts = st.years.map(y => x(y.year).toFixed(1) + ',' + yv(y.counts[k] || 0).toFixed(1)).join(' ');
    svg.append(s('polyline', {points: pts, fill: 'none', stroke: colors[i % 8], 'stroke-width': 2}));
  });
  const last = st.years[st.years.length - 1];
  const table = h('table', {class: 'data'}, h('thead', {}, h('tr', {}, h('th', {}, '年份'), kinds.map(k => h('th', {}, k)))),
    h('tbody', {}, st.years.map(y => h('tr', {}, h('th', {}, y.year), kinds.map(k => h('td', {}, y.counts[k] || 0))))));
  el.replaceChildren(h('h3', {}, title), svg,
    h('div', {class: 'legend'}, kinds.map((k, i) => { const sw = h('i', {'aria-hidden': 'true'}); sw.style.background = colors[i % 8]; return h('span', {}, sw, k + ' ' + (last.counts[k] || 0)); })),
    h('details', {}, h('summary', {}, '数据表'), h('div', {class: 'scroll'}, table)));
}

// ---------- division page ----------
async function division(m, params) {
  const code = m[1];
  const at = params.get('at');
  let hist;
  try {
    hist = await api('divisions/' + code + '/history' + (at ? '?at=' + encodeURIComponent(at) : ''));
  } catch (e) {
    // A placeholder row of the lists (110100 市辖区) is not a division: say
    // what it is, as quhua lookup does, rather than suggest other codes.
    const id = e.status === 404 ? await api('identify/' + code).catch(() => null) : null;
    if (!id || id.class !== 'placeholder') throw e;
    const n = noteZh(id.note || '');
    setPage(code + ' 占位代码', h('h1', {}, code, h('span', {class: 'chip gone'}, '占位代码')),
      h('p', {id: 'placeholder-note'}, n.text || (code + ' 是代码表中的占位代码，不是一个区划')),
      id.record ? h('p', {}, '它所属的区划：', divLink(id.record), ' ', codeSpan(id.record.code)) : null);
    return;
  }
  await getInfo();
  const periods = hist.periods, first = periods[0], last = periods[periods.length - 1];
  const y0 = info.firstYear, y1 = Math.max(info.lastYear, new Date().getFullYear());
  const endYear = last.to ? year(last.to) - (last.to.endsWith('-12-31') ? 0 : 1) : Math.max(info.lastYear, year(info.latest) || 0, year(last.from) || 0);
  const startYear = first.from ? Math.max(y0, year(first.from)) : y0;
  let selYear = at ? Math.min(Math.max(year(at), startYear), endYear) : endYear;
  // Without a date the page shows now (the API's default: today, China
  // time) for a division in force, until the slider is moved.
  let now = !at && last.current;
  const names = [...new Set(periods.map(p => p.name))].join(' → ');
  const slider = h('input', {type: 'range', id: 'year', min: y0, max: y1, step: 1, value: selYear, 'aria-describedby': 'year-help'});
  const out = h('output', {for: 'year', id: 'year-out'}, selYear + '年');
  const card = h('div', {class: 'card', id: 'asof', 'aria-live': 'polite'});
  const tl = timeline(hist, y0, y1);
  setPage(last.name,
    h('h1', {}, last.name, h('span', {class: 'chip ' + (last.current ? 'now' : 'gone')}, last.current ? '现行' : '已不存在'), h('span', {class: 'chip'}, last.kind), certBadge(last.certainty)),
    h('p', {class: 'sub'}, periods.length > 1 ? '沿革：' + names + '；代码 ' + [...new Set(periods.map(p => p.code))].join(' → ') : '代码 ' + last.code + '，' + last.interval),
    earlierCode(code, periods, last),
    h('div', {class: 'slider'}, h('label', {for: 'year'}, '查看年份'), slider, out,
      h('span', {id: 'year-help', class: 'sr'}, '拖动或用方向键选择年份，下方显示该年年底的代码、名称和上级')),
    card,
    h('h2', {}, '时间线'), h('div', {class: 'card'}, tl.el, tl.earlier),
    h('h2', {}, '变更记录'), steps(hist),
    h('div', {id: 'kids'}),
    h('div', {id: 'division-extra'}),
    downloadsArea({page: 'division', code}));
  const show = async () => {
    selYear = Number(slider.value);
    out.textContent = now ? '现在' : selYear + '年';
    tl.cursor(selYear);
    const d = selYear + '-12-31';
    const p = now ? last : periods.find(p => (!p.from || p.from <= d) && (!p.to || d < p.to));
    if (!p) {
      card.replaceChildren(h('p', {}, selYear + '年底：', first.from && d < first.from ? '尚未设立（' + fmtDate(first.from, first.fromPrecision, first.fromInterval) + ' 设立）' : '已不存在（' + fmtDate(last.to, last.toPrecision, last.toInterval) + ' 终止）'));
      return;
    }
    const my = selYear;
    let dv;
    try { dv = await api('divisions/' + p.code + (now ? '' : '?at=' + selYear)); } catch (e) { card.replaceChildren(problemView(e, {code: p.code})); return; }
    if (my !== selYear) return;
    card.replaceChildren(h('h2', {class: 'asof-title'}, now ? '现在（' + dv.at + '）的状态' : selYear + '年底的状态'), h('dl', {class: 'facts'},
      h('dt', {}, '代码'), h('dd', {class: 'code', 'data-field': 'code'}, dv.code),
      h('dt', {}, '名称'), h('dd', {'data-field': 'name'}, dv.name, h('span', {class: 'chip'}, dv.kind)),
      h('dt', {}, '隶属'), h('dd', {'data-field': 'legal'}, dv.legal ? divLink(dv.legal, dv.at) : '—'),
      h('dt', {}, dv.delegated ? '代管' : '管辖'), h('dd', {'data-field': 'admin'}, dv.admin ? divLink(dv.admin, dv.at) : '—',
        dv.delegated ? h('span', {class: 'chip'}, '代管') : null),
      h('dt', {}, '全称'), h('dd', {'data-field': 'path'}, dv.path.map((r, i) => [i ? h('span', {class: 'arrow', 'aria-hidden': 'true'}, '›') : null, divLink(r, dv.at)])),
      h('dt', {}, '有效期'), h('dd', {}, dv.interval)),
      ...(dv.level === 'township' && info.townshipHorizon && dv.at > info.townshipHorizon ? [h('p', {class: 'note', id: 'township-horizon'},
        '乡级区划的数据只到 ' + info.townshipHorizon + '（最后一版公开的统计用区划代码）；此后的乡级变更不详，这里显示的是当时已知的状态。')] : []));
    // Counties list their townships (乡级) where the server has that level.
    if (dv.level !== 'township') kids(dv, now ? dv.at : selYear);
    else document.getElementById('kids').replaceChildren();
    extraSections(dv, selYear);
  };
  slider.addEventListener('input', () => { now = false; show(); });
  tl.fit();
  await show();
}

// earlierCode says, on the page a former code opens, that the code was an
// earlier one of this division (220319 opens 公主岭市, today 220184).
// evidenceFrom is the date of the earliest evidence of a record whose start
// is not known, as its interval writes it (≤2015-09-30–…), or null for one
// known from the first yearly list (≤1981).
function evidenceFrom(p) {
  const m = /^≤(\d{4}-\d{2}-\d{2})/.exec(p.interval || '');
  return m ? m[1] : null;
}

// shortName drops the generic word of a parent's name (吉林省 → 吉林), for
// a narrow timeline segment.
const shortName = n => n.replace(/(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|地区|省|市|盟)$/, '') || n;

function earlierCode(code, periods, last) {
  if (code === last.code || code.length !== last.code.length) return null;
  const ps = periods.filter(p => p.code === code);
  if (!ps.length) return null;
  return h('p', {class: 'note', id: 'earlier-code'}, codeSpan(code), ' 是' + last.name + '曾用的代码（' + ps.map(p => p.interval).join('，') + '）；' +
    (last.current ? '现在的代码是 ' : '最后的代码是 '), codeSpan(last.code), '。');
}

// extraSections shows what the extensions add under a division's page
// (e.g. its townships).
async function extraSections(dv, yr) {
  const el = document.getElementById('division-extra');
  if (!el) return;
  const parts = await Promise.all(extensions.divisionSections.map(f => Promise.resolve().then(() => f(dv, yr)).catch(e => problemView(e))));
  el.replaceChildren(...parts.filter(Boolean));
}

// kids lists the divisions under a division on a year's end.
async function kids(dv, yr) {
  const el = document.getElementById('kids');
  const res = await api('divisions/' + dv.code + '/children?at=' + yr);
  if (dv.level === 'county' && res.children.length === 0) { el.replaceChildren(); return; }
  el.replaceChildren(h('h2', {}, (String(yr).length > 4 ? yr + ' ' : yr + '年底') + '的下级区划（' + res.children.length + '）'),
    h('ul', {class: 'plain grid2'}, res.children.map(c => h('li', {}, codeSpan(c.code), ' ', divLink(c, yr), h('span', {class: 'chip'}, c.kind)))));
}

// timeline draws three lanes (code and name, legal parent, administering
// parent) over the years, one segment per value.
function timeline(hist, y0, y1) {
  const span = (y1 + 1) - y0;
  const pos = d => d ? Math.max(0, Math.min(100, ((year(d) - y0) + (Number(d.slice(5, 7)) - 1) / 12 + (Number(d.slice(8, 10)) - 1) / 365) / span * 100)) : 0;
  // Each lane's value, with shorter forms for a segment too narrow for it.
  const lanes = [
    ['代码', p => p.code + ' ' + p.name, p => [p.name, p.code]],
    ['隶属', p => p.legal ? p.legal.name : '—', p => p.legal ? [shortName(p.legal.name)] : []],
    ['管辖', p => p.admin ? p.admin.name : '—', p => p.admin ? [shortName(p.admin.name)] : []],
  ];
  const el = h('div', {class: 'tl', role: 'img', 'aria-label': '时间线：' + hist.periods.map(p => p.interval + ' ' + p.code + ' ' + p.name + '，隶属' + (p.legal ? p.legal.name : '无') + '，' + (p.admin ? p.admin.name : '') + '管辖').join('；')});
  for (const [label, val, shorter] of lanes) {
    const bar = h('div', {class: 'bar'});
    let prev = null, seg = null, n = 0;
    for (const p of hist.periods) {
      const v = val(p);
      const a = p.from ? pos(p.from) : pos(evidenceFrom(p)), b = p.to ? pos(p.to) : 100;
      if (v === prev && seg) { seg.style.width = (b - Number(seg.dataset.a)) + '%'; continue; }
      seg = h('div', {class: 'seg k' + (n++ % 8), title: v + '（' + p.interval + '）', 'data-a': a});
      seg.labels = [v, ...shorter(p)];
      seg.append(v);
      seg.style.left = a + '%'; seg.style.width = (b - a) + '%';
      bar.append(seg); prev = v;
    }
    // A record whose start is not known (a township in the first township
    // list, ≤2015-09-30) starts where the evidence does, after a mark.
    const first = hist.periods[0];
    if (!first.from && evidenceFrom(first)) {
      const mk = h('div', {class: 'seg earlier', title: '更早情况不明（' + first.interval + '）', 'aria-hidden': 'true'});
      mk.style.left = Math.max(0, pos(evidenceFrom(first)) - 2) + '%'; mk.style.width = '2%';
      bar.append(mk);
    }
    el.append(h('div', {class: 'lane'}, h('span', {}, label), bar));
  }
  const unknownStart = !hist.periods[0].from && evidenceFrom(hist.periods[0]);
  const axis = h('div', {class: 'axis', 'aria-hidden': 'true'});
  for (let y = Math.ceil(y0 / 5) * 5; y <= y1; y += 5) { const t = h('span', {class: y % 10 ? 'y5' : 'y10'}, y); t.style.left = ((y - y0) / span * 100) + '%'; axis.append(t); }
  el.append(axis);
  const cur = h('div', {class: 'cursor', 'aria-hidden': 'true'});
  el.append(cur);
  // fit shows in each segment the longest of its labels that fits whole, or
  // none (the title and the description keep it): never a cut-off "2" or
  // "吉 |".
  const fit = () => {
    for (const seg of el.querySelectorAll('.seg')) {
      const ls = seg.labels || [];
      let i = 0;
      seg.textContent = ls[0] || '';
      while (seg.textContent && seg.scrollWidth > seg.clientWidth + 1) seg.textContent = ls[++i] || '';
      seg.classList.toggle('unlabelled', !seg.textContent);
    }
  };
  let fitTimer = 0;
  window.addEventListener('resize', () => { clearTimeout(fitTimer); fitTimer = setTimeout(() => { if (el.isConnected) fit(); }, 100); });
  const earlier = unknownStart ? h('p', {class: 'count', id: 'tl-earlier'}, '时间线从 ' + evidenceFrom(hist.periods[0]) + ' 开始：这是最早记载它的资料（' + hist.periods[0].interval + '），更早的情况不明。') : null;
  return {el, fit, earlier, cursor(yr) {
    // lanes start after the label column: place the cursor within the bar.
    const bar = el.querySelector('.bar');
    const off = bar.offsetLeft, w = bar.offsetWidth;
    cur.style.left = (off + (yr + 1 - y0) / span * w) + 'px';
  }};
}

function docs(ev) {
  return ev.documents.map(d => h('div', {class: 'doc'},
    d.number ? h('span', {class: 'num'}, d.number, ' ') : null, d.title,
    d.date ? h('span', {class: 'src'}, '（' + fmtDate(d.date, d.datePrecision) + '）') : null,
    d.source ? h('div', {class: 'src'}, '出处：', richText(d.source)) : null));
}

// certBadge marks a fact that is not official: 暂定 (from a provisional
// list) or 未经证实 (no official text confirms it), with the reason and
// source for screen readers and on hover; nothing for official facts.
function certBadge(c) {
  if (!c) return null;
  const why = c.reason + (c.source ? '（' + c.source + '）' : '');
  return h('span', {class: 'chip cert ' + c.level, title: why},
    c.level === 'provisional' ? '暂定' : '未经证实', h('span', {class: 'sr'}, '：' + why));
}

// weakest returns the least certain of the certainty objects given.
function weakest(cs) {
  return cs.find(c => c && c.level === 'unconfirmed') || cs.find(c => c) || null;
}

// opText shows an operation; at is the event's date, so that each link
// opens the division that had the code then.
function opText(op, at) {
  const side = rs => rs.map((r, i) => [i ? '、' : '', divLink(r, at), ' ', codeSpan(r.code)]);
  const badge = certBadge(weakest([...op.links.map(l => l.certainty), ...op.after.map(r => r.certainty)]));
  if (op.type === 'transfer') {
    // Units that go on stand on both sides: say which part went where.
    return [h('span', {class: 'chip'}, op.typeZh), ' ', op.links.map((l, i) => [i ? '；' : '',
      divLink(l.from, at), ' ', codeSpan(l.from.code), ' 部分区域', h('span', {class: 'arrow'}, '→'), divLink(l.to, at), ' ', codeSpan(l.to.code)]), badge];
  }
  return [h('span', {class: 'chip'}, op.typeZh), ' ', side(op.before), op.before.length && op.after.length ? h('span', {class: 'arrow'}, '→') : null, side(op.after), badge];
}

// stepLabel says what a step did: 更名、代码变更、上级变更 for a change of the same area.
function stepLabel(s) {
  if (s.role !== 'changed') return roleZh[s.role] || s.role;
  const op = s.operation, parts = [];
  if (op.renamed) parts.push('更名');
  if (op.recoded) parts.push('代码变更');
  if (op.reparented) parts.push('上级变更');
  return parts.join('、') || '变更';
}

// changes lists, for a step that made a new record of the same area, what
// differs between the record before and the one after it.
function changes(hist, s) {
  if (s.role !== 'changed') return null;
  const i = hist.periods.findIndex(p => p.id === s.record.id);
  if (i <= 0) return null;
  const a = hist.periods[i - 1], b = hist.periods[i], out = [];
  const diff = (label, x, y) => { if (x !== y) out.push(h('li', {}, h('span', {class: 'what-k'}, label), ' ', x || '—', h('span', {class: 'arrow'}, '→'), h('strong', {}, y || '—'))); };
  diff('名称', a.name, b.name);
  diff('代码', a.code, b.code);
  diff('隶属', a.legal?.name, b.legal?.name);
  diff(b.delegated || a.delegated ? '代管' : '管辖', a.admin?.name, b.admin?.name);
  return out.length ? h('ul', {class: 'changes'}, out) : null;
}

function steps(hist) {
  return h('ol', {class: 'steps'}, hist.steps.map(s => h('li', {},
    h('div', {}, h('span', {class: 'when'}, fmtDate(s.event.date, s.event.precision, s.event.interval)), certBadge(s.event.certainty), ' ', h('strong', {}, stepLabel(s)),
      ' ', h('a', {href: '#/year/' + s.event.year, class: 'count'}, s.event.year + '年变更')),
    changes(hist, s) || h('div', {class: 'what'}, opText(s.operation, s.event.date)),
    docs(s.event))));
}

// ---------- tree ----------
async function tree(m, params) {
  await getInfo();
  const y0 = info.firstYear, y1 = Math.max(info.lastYear, new Date().getFullYear());
  let yr = Number(params.get('at')) || info.lastYear;
  const slider = h('input', {type: 'range', id: 'tree-year', min: y0, max: y1, value: yr});
  const out = h('output', {for: 'tree-year'}, yr + '年');
  const root = h('ul', {class: 'tree', id: 'tree'});
  const count = h('p', {class: 'count', id: 'tree-count'});
  const dl = fmt => h('a', {download: '', 'data-format': fmt}, fmt.toUpperCase());
  const downloads = ['csv', 'json', 'sql'].map(dl);
  const exp = h('p', {class: 'sub', id: 'tree-export'}, '下载该年全部区划：', downloads[0], ' · ', downloads[1], ' · ', downloads[2]);
  setPage('区划树', h('h1', {}, '区划树'), h('p', {class: 'sub'}, '任一年年底的全部省级、地级、县级区划，县级以下展开为乡级（2015 年起）。拖动滑块换年份，点击展开下级。'),
    h('div', {class: 'slider'}, h('label', {for: 'tree-year'}, '年份'), slider, out), count, exp, h('div', {class: 'card'}, root),
    downloadsArea({page: 'tree', at: String(yr)}));
  const open = new Set();
  const render = async () => {
    yr = Number(slider.value); out.textContent = yr + '年';
    history.replaceState(null, '', '#/tree?at=' + yr);
    for (const a of downloads) a.href = '/v1/export/divisions?at=' + yr + '&format=' + a.dataset.format;
    const res = await api('divisions/000000/children?at=' + yr);
    if (Number(slider.value) !== yr) return;
    root.replaceChildren(...res.children.map(c => node(c, yr, open)));
    count.textContent = yr + '年底共 ' + res.children.length + ' 个省级区划';
  };
  slider.addEventListener('change', render);
  slider.addEventListener('input', () => { out.textContent = slider.value + '年'; clearTimeout(timer); timer = setTimeout(render, 120); });
  await render();
}

function node(d, yr, open) {
  // Counties expand to their townships where the server has that level.
  const leaf = d.level === 'township';
  const li = h('li', {});
  const sub = h('ul', {hidden: true});
  const tog = leaf ? h('span', {class: 'leaf'}) : h('button', {class: 'tog', 'aria-expanded': 'false', 'aria-label': '展开 ' + d.name}, '▸');
  const expand = async () => {
    const res = await api('divisions/' + d.code + '/children?at=' + yr);
    sub.replaceChildren(...res.children.map(c => node(c, yr, open)));
    if (!res.children.length) sub.replaceChildren(h('li', {class: 'count'}, d.level === 'county' ? '（无乡级数据：乡级区划收录 2015—2023 年统计用区划代码）' : '（无下级）'));
    sub.hidden = false; tog.textContent = '▾'; tog.setAttribute('aria-expanded', 'true'); open.add(d.code);
  };
  if (!leaf) tog.addEventListener('click', () => {
    if (sub.hidden) expand(); else { sub.hidden = true; tog.textContent = '▸'; tog.setAttribute('aria-expanded', 'false'); open.delete(d.code); }
  });
  li.append(...[tog, codeSpan(d.code), ' ', divLink(d, yr), h('span', {class: 'chip'}, d.kind), d.delegated ? h('span', {class: 'chip'}, '代管') : null, sub].filter(Boolean));
  if (open.has(d.code)) expand();
  return li;
}

// ---------- change log of a year ----------
async function yearLog(m) {
  await getInfo();
  const yr = Number(m[1]) || info.lastYear;
  const res = await api('events?year=' + yr);
  const sel = h('select', {id: 'year-sel', onchange: e => go('#/year/' + e.target.value)},
    Array.from({length: info.lastYear - info.firstYear + 1}, (_, i) => info.firstYear + i).map(y => h('option', {value: y, selected: y === yr}, y + '年')));
  setPage(yr + '年变更', h('h1', {}, yr + '年的区划变更'),
    h('div', {class: 'form pager'}, yr > info.firstYear ? h('a', {href: '#/year/' + (yr - 1)}, '‹ ' + (yr - 1)) : null,
      h('label', {for: 'year-sel', class: 'sr'}, '选择年份'), sel, yr < info.lastYear ? h('a', {href: '#/year/' + (yr + 1)}, (yr + 1) + ' ›') : null,
      h('a', {href: '#/diff?from=' + (yr - 1) + '&to=' + yr}, '与上一年对比')),
    h('p', {class: 'sub'}, '共 ' + res.events.length + ' 次变更'),
    eventList(res.events, 'h2'));
}

// eventList shows events, each under a heading of level hl (h3 under the
// diff page's h2, h2 on the year page).
function eventList(evs, hl = 'h3') {
  return h('div', {}, evs.map(ev => h('section', {class: 'card ev'},
    h(hl, {}, fmtDate(ev.date, ev.precision, ev.interval), certBadge(ev.certainty)),
    h('ul', {class: 'ops'}, (ev.operations || []).map(op => h('li', {}, opText(op, ev.date)))),
    docs(ev))));
}

// ---------- diff between dates ----------
async function diffPage(m, params) {
  await getInfo();
  const from = params.get('from') || String(info.lastYear - 1), to = params.get('to') || String(info.lastYear);
  const fIn = h('input', {id: 'from', name: 'from', value: from, inputmode: 'numeric', size: 10});
  const tIn = h('input', {id: 'to', name: 'to', value: to, inputmode: 'numeric', size: 10});
  const form = h('form', {class: 'form', onsubmit: e => { e.preventDefault(); go('#/diff?from=' + encodeURIComponent(fIn.value) + '&to=' + encodeURIComponent(tIn.value)); }},
    h('label', {for: 'from'}, '从', fIn), h('label', {for: 'to'}, '到', tIn), h('button', {type: 'submit'}, '对比'));
  let res;
  try {
    res = await api('diff?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to));
  } catch (e) {
    // A date that cannot be read is shown under the form, which stays for
    // correcting it.
    const bad = e.problem?.param || e.problem?.invalidParams?.[0]?.name;
    for (const [el, name] of [[fIn, 'from'], [tIn, 'to']]) if (!bad || bad === name) el.setAttribute('aria-invalid', 'true');
    setPage('对比 ' + from + '—' + to, h('h1', {}, '两个日期之间的变化'),
      h('p', {class: 'sub'}, '日期写作 2019（年底）、2019-06 或 2020-06-05。'), form, h('div', {id: 'diff-error'}, problemView(e)));
    return;
  }
  const recList = rs => h('ul', {class: 'plain'}, rs.map(r => h('li', {}, codeSpan(r.code), ' ', divLink(r, r.from || info.firstYear), h('span', {class: 'chip'}, r.kind), ' ', h('span', {class: 'count'}, r.interval))));
  setPage('对比 ' + from + '—' + to, h('h1', {}, '两个日期之间的变化'),
    h('p', {class: 'sub'}, '日期写作 2019（年底）、2019-06 或 2020-06-05。'), form,
    h('p', {}, fmtDate(res.from) + ' 至 ' + fmtDate(res.to) + '：' + res.events.length + ' 次变更，撤销或变更前 ' + res.removed.length + ' 条，新设或变更后 ' + res.added.length + ' 条。'),
    h('div', {class: 'grid2'}, h('section', {class: 'card'}, h('h2', {}, '不再有效（' + res.removed.length + '）'), recList(res.removed)),
      h('section', {class: 'card'}, h('h2', {}, '新出现（' + res.added.length + '）'), recList(res.added))),
    h('h2', {}, '变更事件'), eventList(res.events),
    downloadsArea({page: 'diff', from, to}));
}

// ---------- tools: addresses, ID numbers, plates ----------

// addressCertainty shows how sure an address answer is, the divisions as
// the text names them (which need not be in force on the date), the other
// readings of a bare name and both readings of a text that names two
// incompatible addresses.
function addressCertainty(r) {
  const c = r.confidence;
  if (!c || !c.kind) return null;
  const why = c.reason ? reasonZh(c.reason) : null;
  const place = p => p && p.code ? [divLink(p), ' ', codeSpan(p.code)] : [];
  return h('div', {class: 'certainty'},
    h('dl', {class: 'facts'},
      h('dt', {}, '把握'), h('dd', {class: 'conf', 'data-kind': c.kind}, h('span', {class: 'chip'}, confidenceKindZh[c.kind] || c.kind),
        why ? (why.text ? ['：', why.text] : h('span', {lang: 'en'}, '：' + why.original)) : null),
      r.level ? [h('dt', {}, '识别到'), h('dd', {}, levelZh[r.level] || r.level)] : []),
    r.asWritten ? h('section', {class: 'written'}, h('h3', {}, '原文所写的区划'),
      h('ul', {class: 'plain'}, r.asWritten.map(w => h('li', {}, h('span', {class: 'count'}, (levelZh[w.level] || w.level) + ' '),
        w.name + ' ', codeSpan(w.code), ' ', h('span', {class: 'count'}, '（有效期 ' + w.in_force + '）'),
        w.current ? null : h('span', {class: 'chip'}, '该日期已不在使用'))))) : null,
    r.alternatives ? h('section', {class: 'alternatives'}, h('h3', {}, '其他读法'),
      h('ul', {class: 'plain'}, r.alternatives.map(a => h('li', {}, divLink(a), ' ', codeSpan(a.code), ' ', a.fullName)))) : null,
    r.conflict ? h('section', {class: 'conflict'}, h('h3', {}, '地址矛盾：文本写了两个互不相容的地址'),
      h('ol', {}, r.conflict.readings.map(x => h('li', {}, h('q', {}, x.text), ' ', place(x.province), ' ', place(x.prefecture), ' ', place(x.county))))) : null);
}

function tools() {
  const out = id => h('div', {id, class: 'card', 'aria-live': 'polite', hidden: true});
  const addrIn = h('input', {id: 'addr', size: 40, placeholder: '吉林省公主岭市范家屯镇…'});
  const idIn = h('input', {id: 'idno', size: 22, inputmode: 'numeric', autocomplete: 'off', placeholder: '18 位身份证号码'});
  const plateIn = h('input', {id: 'plate', size: 8, placeholder: '吉A'});
  const addrOut = out('addr-out'), idOut = out('id-out'), plateOut = out('plate-out');
  const show = (el, ...kids) => { el.hidden = false; el.replaceChildren(...kids.flat(Infinity).filter(k => k !== null && k !== undefined)); };
  const part = (label, p) => p && p.code ? [h('dt', {}, label), h('dd', {}, divLink(p), ' ', codeSpan(p.code))] : [];
  const run = (el, f) => async e => { e.preventDefault(); try { await f(); } catch (err) { show(el, problemView(err)); } };
  const region = r => h('li', {}, divLink(r, r.valid.split('–')[0] || null), ' ', codeSpan(r.code), ' ', h('span', {class: 'count'}, r.fullName + '（' + r.valid + '）'), r.status ? h('span', {class: 'chip', 'data-status': r.status}, statusZh[r.status] || r.status) : null);
  setPage('工具', h('h1', {}, '地址、身份证号、车牌'),
    h('p', {class: 'sub'}, '从地址中识别省、地、县、乡；读出身份证号码的出生地（按出生时的区划）及其今天的归属；查车牌前缀所属地区。'),
    h('h2', {}, '地址'),
    h('form', {class: 'form', onsubmit: run(addrOut, async () => {
      const r = await api('address?q=' + encodeURIComponent(addrIn.value));
      show(addrOut, h('dl', {class: 'facts'}, part('省级', r.province), part('地级', r.prefecture), part('县级', r.county), part('乡级', r.township),
        r.place && r.place.name ? [h('dt', {}, '功能区等'), h('dd', {}, r.place.name + '（' + (r.place.kind ? r.place.kind + '，' : '') + (r.place.code ? '统计用代码 ' + r.place.code : '无区划代码') + '）')] : [],
        r.rest ? [h('dt', {}, '其余'), h('dd', {}, r.rest)] : [], r.phone ? [h('dt', {}, '电话'), h('dd', {}, r.phone)] : []),
        r.candidates ? h('ul', {class: 'plain'}, r.candidates.map(c => h('li', {}, divLink(c), ' ', codeSpan(c.code), ' ', c.fullName))) : null,
        addressCertainty(r),
        (r.notes || []).map(note));
    })}, h('label', {for: 'addr'}, '地址', addrIn), h('button', {type: 'submit'}, '识别')), addrOut,
    h('h2', {}, '身份证号码'),
    h('form', {class: 'form', onsubmit: run(idOut, async () => {
      const r = await post('id', {number: idIn.value});
      show(idOut, h('dl', {class: 'facts'}, h('dt', {}, '号码'), h('dd', {class: 'code'}, r.masked), h('dt', {}, '出生'), h('dd', {}, r.birth),
        h('dt', {}, '性别'), h('dd', {}, r.sex === 'male' ? '男' : '女'),
        r.then ? [h('dt', {}, '当时'), h('dd', {}, h('ul', {class: 'plain'}, region(r.then)))] : [],
        r.now ? [h('dt', {}, '今天'), h('dd', {}, h('ul', {class: 'plain'}, r.now.map(region)))] : []),
        [...(r.notes || []), ...(r.warnings || [])].map(note));
    })}, h('label', {for: 'idno'}, '号码（只在本机与服务器之间传送，不记录）', idIn), h('button', {type: 'submit'}, '读取')), idOut,
    h('h2', {}, '车牌'),
    h('form', {class: 'form', onsubmit: run(plateOut, async () => {
      const r = await api('plate/' + encodeURIComponent(plateIn.value.trim()));
      show(plateOut, h('ul', {class: 'plain'}, r.matches.map(m => h('li', {}, h('strong', {}, m.prefix), ' ', m.code !== '000000' ? divLink(m) : m.name, ' ', h('span', {class: 'count'}, m.region)))));
    })}, h('label', {for: 'plate'}, '车牌或前缀', plateIn), h('button', {type: 'submit'}, '查询')), plateOut);
}

// footer says which data the answers come from: the data version and,
// where the server reports them, the release and the horizon (the last date
// the data records).
function footer(v) {
  const parts = ['数据版本 ' + v.dataVersion + '（' + v.firstYear + '—' + v.lastYear + '）'];
  if (v.release) parts.push('发布 ' + v.release);
  if (v.horizon) parts.push('数据截至 ' + v.horizon);
  if (v.recordedThrough) parts.push('已收录变更至 ' + v.recordedThrough);
  if (v.townshipHorizon) parts.push('乡级数据截至 ' + v.townshipHorizon +
    (v.townshipUnconfirmedThrough ? '，此后未经证实的乡级变更至 ' + v.townshipUnconfirmedThrough + '（单一非官方来源）' : ''));
  document.getElementById('version').textContent = parts.join('；') + '。';
}
getInfo().catch(() => {});
// After a release the footer names the new one.
extensions.released.push(() => { getInfo().catch(() => {}); });

// The pages of the change workflow need to know the role first.
sessionBar().finally(route);
