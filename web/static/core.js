// What every page of the UI shares: building elements, calling the API,
// showing a page or an error, and the places where other modules add to
// the pages (extensions).
//
// Elements are built with h(), never from HTML strings, so no data from the
// API is ever parsed as markup; richText turns the Markdown links of the
// upstream document sources into <a> elements the same way.

import {problemZh} from './zh.js';

export const main = document.getElementById('main');
// state holds what the pages share: /v1/version once it is known.
export const state = {info: null};

// h builds an element: h('a', {href: '#/'}, 'text', child…).
export function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...nodes(kids));
  return el;
}

// nodes flattens children, drops null, undefined and false, and turns the
// rest into text where they are not nodes.
export function nodes(kids) {
  const out = [];
  for (const k of [kids].flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    out.push(k instanceof Node ? k : String(k));
  }
  return out;
}

// safeURL returns the URL if it is an absolute http or https URL, else null.
export function safeURL(s) {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch (e) {
    return null;
  }
}

// richText renders text with Markdown links ([text](https://…)) and bare
// URLs as text nodes and <a> elements. Only http and https links become
// links; anything else stays as the text it is.
export function richText(s) {
  const out = [];
  const re = /\[([^\[\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)|https?:\/\/[^\s<>()（）\[\]，。；]+/g;
  let last = 0, m;
  while ((m = re.exec(s)) !== null) {
    const href = safeURL(m[1] ? m[2] : m[0]);
    if (!href) continue;
    if (m.index > last) out.push(s.slice(last, m.index));
    out.push(h('a', {href, rel: 'noopener noreferrer external', target: '_blank', class: 'ext'}, m[1] || m[0]));
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

// extensions are the places where other modules add to the UI without
// editing the pages:
//   routes: [RegExp, page(match, params)] pairs tried before the built-in pages
//     (e.g. township pages: [/^#\/t\/(\d{9})$/, townshipPage]);
//   divisionSections: functions (division, year) → Node | null | Promise,
//     shown under a division's page, in order (e.g. its townships);
//   downloads: functions ({page, at, from, to, code}) → Node | null, shown in
//     the downloads area of the tree, diff and division pages (e.g. exports);
//   released: functions called after a release is applied (from this page
//     or seen on the event feed), once the old answers are forgotten (e.g.
//     the footer reads /v1/version again).
export const extensions = {routes: [], divisionSections: [], downloads: [], released: []};

// downloadsArea returns the element that holds the downloads the
// extensions offer for a page, empty (and hidden) when there are none.
export function downloadsArea(ctx) {
  const items = extensions.downloads.map(f => { try { return f(ctx); } catch (e) { return null; } }).filter(Boolean);
  return h('section', {class: 'downloads', id: 'downloads', hidden: !items.length, 'aria-label': '下载'}, items.length ? h('h2', {}, '下载') : null, items);
}

const cache = new Map();
// clearCache forgets the answers read so far: after a change is applied the
// registry is another.
// From then on the browser revalidates its cached answers (ETag), which
// may be the old release's.
let revalidate = false;
export function clearCache() { cache.clear(); revalidate = true; }

// api fetches a JSON answer (cached for the page's life: answers are
// immutable for one release of the registry). An answer about a date after
// the data's horizon shows a notice.
export function api(path) {
  let p = cache.get(path);
  if (!p) {
    p = fetch('/v1/' + path, {headers: {Accept: 'application/json'}, cache: revalidate ? 'no-cache' : 'default'}).then(async r => {
      const body = await r.json().catch(() => ({detail: r.statusText}));
      if (!r.ok) throw problemError(r.status, body);
      return body;
    });
    cache.set(path, p);
    p.catch(() => cache.delete(path));
  }
  return p.then(body => { if (body && body.beyondHorizon) beyondHorizon(body.beyondHorizon, body); return body; });
}

// post sends a JSON body to the API.
export async function post(path, body) {
  const r = await fetch('/v1/' + path, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
  const b = await r.json().catch(() => ({detail: r.statusText}));
  if (!r.ok) throw problemError(r.status, b);
  if (b && b.beyondHorizon) beyondHorizon(b.beyondHorizon, b);
  return b;
}

// problemError makes an Error from a problem document.
export function problemError(status, body) {
  const e = new Error((body && body.detail) || String(status));
  e.problem = body || {};
  e.status = status;
  return e;
}

// beyondHorizon shows that an answer concerns a date after the last one the
// data records: only for a date the user chose (in the page's address)
// that lies after the newest recorded change, as the command line warns.
// Pages shown for now carry no notice; the footer names the horizon.
export function beyondHorizon(bh, body) {
  const el = document.getElementById('horizon-notice');
  if (!el) return;
  const horizon = bh.horizon || state.info?.horizon;
  const at = bh.at || bh.date || body?.at;
  if (!chosenDate()) return;
  if (state.info?.latest && at && at <= state.info.latest) return;
  const rt = bh.recordedThrough || state.info?.recordedThrough;
  el.replaceChildren(h('strong', {}, '注意：'),
    (at ? '所查日期 ' + at + ' ' : '所查日期') + '晚于数据完整的截止日期' + (horizon ? ' ' + horizon : '') + '。' +
    (rt && rt !== horizon ? '此后的区划变更只收录到 ' + rt + '，且未必齐全，' : '此后发生的区划变更尚未收录，') + '结果可能已经过时。');
  el.hidden = false;
}

// chosenDate reports whether the page's address names a date (at, from, to
// or a year's page).
export function chosenDate() {
  const [path, query] = location.hash.split('?');
  const q = new URLSearchParams(query || '');
  return q.has('at') || q.has('from') || q.has('to') || /^#\/year\/\d{4}/.test(path);
}

export const year = d => d ? Number(d.slice(0, 4)) : null;
// fmtDate shows a date to its precision: 2020-06-05, 2020-06 or 2020年.
export function fmtDate(d, prec, interval) {
  if (!d) return '';
  // A township change seen only between two editions: both ends, never a day.
  if (prec === 'interval' && interval) return interval[0] + '至' + interval[1] + '之间';
  if (prec === 'year') return d.slice(0, 4) + '年';
  if (prec === 'month') return d.slice(0, 7);
  return d;
}
export const divLink = (r, at) => h('a', {href: '#/d/' + r.code + (at ? '?at=' + at : '')}, r.name);
export const codeSpan = c => h('span', {class: 'code'}, c);

export function setPage(title, ...kids) {
  document.title = title + ' · 区划';
  main.replaceChildren(...nodes(kids));
  const hash = location.hash || '#/';
  for (const a of document.querySelectorAll('nav a')) {
    const href = a.getAttribute('href');
    const here = hash === href || hash.startsWith(href + '/') || hash.startsWith(href + '?');
    if (here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
}

// problemView shows an error in Chinese: what went wrong, what to do, and
// the records or suggestions the answer names. The server's own words stay
// available, folded, for those who report the problem.
export function problemView(e, ctx) {
  const p = e.problem || {};
  const zh = problemZh(e, ctx);
  const recs = p.records || p.suggestions;
  return h('div', {class: 'problem'},
    h('p', {class: 'err', role: 'alert'}, zh.text),
    zh.hint ? h('p', {class: 'hint'}, zh.hint) : null,
    recs && recs.length ? h('ul', {class: 'plain'}, recs.map(r => h('li', {}, divLink(r, r.from || r.at || null), ' ', codeSpan(r.code), r.interval ? ' ' + r.interval : '', r.fullName ? h('span', {class: 'count'}, ' ' + r.fullName) : null))) : null,
    zh.original ? h('details', {class: 'orig'}, h('summary', {}, '服务器原文'), h('p', {lang: 'en'}, zh.original)) : null);
}

export function fail(e, ctx) {
  setPage('出错了', h('h1', {}, '出错了'), problemView(e, ctx));
}
