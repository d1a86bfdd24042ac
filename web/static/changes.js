// Change authoring: signing in with a token, the list of changes, the form
// that drafts one (with its JSON beside it), validation and the dry run as
// you type, the workflow's steps, the releases with the live event feed,
// and the audit log.
//
// The token is entered once and kept in sessionStorage only: it goes to the
// server in the Authorization header (Bearer), never in a URL, and signing
// out clears the session storage. The event feed is read with fetch and a
// streaming reader, since EventSource cannot send the header.

import {h, nodes, api, state, setPage, problemView, problemError, richText, clearCache, codeSpan, main, extensions} from './core.js';
import {stateZh, roleNameZh, opTypeZh, ruleZh, statusZh, relationZh, fieldZh, violationZh} from './zh.js';

const KEY = 'quhua.token';
// put replaces an element's children (null and false are left out).
const put = (el, ...kids) => el && el.replaceChildren(...nodes(kids));
const rank = {viewer: 1, editor: 2, approver: 3, admin: 4};
let me = null; // {user, role} of the token, once known

const token = () => sessionStorage.getItem(KEY);
const may = role => !!me && rank[me.role] >= rank[role];
const isAuthor = c => !!me && c.author === me.user;

// authed calls the change API with the session's token in the
// Authorization header.
async function authed(path, {method = 'GET', body, headers = {}, signal} = {}) {
  const t = token();
  if (!t) { const e = new Error('请先登录。'); e.zh = true; e.signin = true; throw e; }
  const hdr = {Accept: 'application/json', Authorization: 'Bearer ' + t, ...headers};
  if (body !== undefined) hdr['Content-Type'] = 'application/json';
  const r = await fetch('/v1/' + path, {method, headers: hdr, cache: 'no-store', signal,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)});
  if (r.status === 204) return null;
  const b = await r.json().catch(() => ({detail: r.statusText}));
  if (!r.ok) {
    if (r.status === 401) forget();
    throw problemError(r.status, b);
  }
  return b;
}

// whoami learns the user and role of the session's token.
async function whoami() {
  if (!token()) { me = null; return null; }
  me = await authed('whoami');
  return me;
}

// forget drops the session: the token, and whatever else the page kept in
// the session storage.
function forget() {
  sessionStorage.clear();
  me = null;
  sessionBar();
}

// sessionBar shows who is signed in, with the sign-out button, or the
// sign-in link.
export async function sessionBar() {
  const el = document.getElementById('session');
  if (!el) return;
  if (token() && !me) { try { await whoami(); } catch (e) { me = null; } }
  document.getElementById('nav-audit').hidden = !may('admin');
  if (me) {
    put(el, h('span', {class: 'who', id: 'who'}, me.user, h('span', {class: 'chip'}, roleNameZh[me.role] || me.role)),
      h('button', {type: 'button', id: 'signout', class: 'link', onclick: () => { stopFeed(); forget(); location.hash = '#/'; }}, '退出'));
  } else {
    put(el, h('a', {href: '#/signin', id: 'signin-link'}, '登录'));
  }
}

// needSignIn shows the sign-in form in place of a page that needs it.
function needSignIn(title, why) {
  setPage(title, h('h1', {}, title), signInForm(why));
}

function signInForm(why) {
  const input = h('input', {id: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', size: 36, required: true});
  const msg = h('div', {id: 'signin-msg', 'aria-live': 'polite'});
  const form = h('form', {class: 'form', id: 'signin', onsubmit: async e => {
    e.preventDefault();
    const v = input.value.trim();
    input.value = '';
    if (!v) return;
    sessionStorage.setItem(KEY, v);
    try {
      await whoami();
    } catch (err) {
      forget();
      put(msg, err.status === 404 ? h('p', {class: 'err', role: 'alert'}, '这台服务器没有开启变更流程（以 --no-store 启动）。') : problemView(err));
      return;
    }
    await sessionBar();
    route();
  }},
  h('label', {for: 'token'}, '令牌', input), h('button', {type: 'submit'}, '登录'));
  return h('div', {class: 'card signin'}, h('p', {}, why || '变更的起草、审批与发布需要登录。'),
    h('p', {class: 'count'}, '请输入管理员为您创建的令牌（quhua change token 或 POST /v1/tokens）。令牌只保存在本标签页的会话中，关闭页面或点击“退出”即清除。'),
    form, msg);
}

// route shows the page of the current address again (after signing in).
function route() { window.dispatchEvent(new HashChangeEvent('hashchange')); }

async function signInPage() {
  if (me) { location.hash = '#/changes'; return; }
  setPage('登录', h('h1', {}, '登录'), signInForm());
  document.getElementById('token').focus();
}

const when = t => t ? t.slice(0, 16).replace('T', ' ') : '';

// ---------- the list of changes ----------
async function listPage() {
  if (!token()) return needSignIn('变更');
  const all = await authed('changes');
  const byState = Object.keys(stateZh).map(s => [s, all.filter(c => c.state === s)]);
  setPage('变更', h('h1', {}, '变更'),
    h('p', {class: 'sub'}, '变更依次经过 草稿 → 待审批 → 已批准 → 已生效（或被驳回、撤回）；批准人不能是起草人。时间为协调世界时（UTC）。'),
    may('editor') ? h('p', {}, h('a', {class: 'btn', href: '#/changes/new', id: 'new-change'}, '起草新变更')) : null,
    h('nav', {class: 'states', 'aria-label': '按状态'}, byState.map(([s, cs]) => h('a', {href: '#/changes?state=' + s, onclick: e => { e.preventDefault(); document.getElementById('state-' + s)?.scrollIntoView(); }}, stateZh[s] + '（' + cs.length + '）'))),
    byState.filter(([, cs]) => cs.length).map(([s, cs]) => h('section', {id: 'state-' + s, class: 'state-group'},
      h('h2', {}, stateZh[s] + '（' + cs.length + '）'),
      h('div', {class: 'scroll'}, h('table', {class: 'list'},
        h('thead', {}, h('tr', {}, ['编号', '标题', '起草人', '审批人', '生效日期', '文件', '创建', '更新'].map(x => h('th', {scope: 'col'}, x)))),
        h('tbody', {}, cs.map(c => h('tr', {'data-id': c.id},
          h('td', {}, c.id), h('td', {}, h('a', {href: '#/changes/' + c.id}, c.title || '（无标题）')),
          h('td', {}, c.author), h('td', {}, c.approver || '—'), h('td', {}, setDate(c.change_set)),
          h('td', {}, (c.change_set?.documents || []).map(d => d.number || d.title).filter(Boolean).join('；')),
          h('td', {}, when(c.created)), h('td', {}, when(c.updated))))))))),
    all.length ? null : h('p', {class: 'count'}, '还没有变更。'));
}

// ---------- the form ----------
// The fields of each operation type the form offers: [name, kind] where
// kind is unit (a division picked from the registry), units (several),
// targets (units with optional new names), code (a new code) or text.
const opFields = {
  rename: [['code', 'unit'], ['name', 'text']],
  recode: [['code', 'unit'], ['new_code', 'code'], ['name', 'text?']],
  'admin-parent': [['code', 'unit'], ['new_code', 'code'], ['parent', 'unit'], ['name', 'text?']],
  'legal-parent': [['code', 'unit'], ['new_code', 'code'], ['parent', 'unit'], ['name', 'text?']],
  establish: [['code', 'code'], ['name', 'text'], ['from', 'units?']],
  abolish: [['code', 'unit']],
  merge: [['from', 'units'], ['code', 'unit'], ['name', 'text?']],
  split: [['code', 'unit'], ['targets', 'targets']],
  transfer: [['from', 'units'], ['targets', 'targets']],
};
const opFieldZh = {code: '区划', new_code: '新代码', name: '名称', parent: '新的上级', from: '来源区划', targets: '去向区划'};
const opFieldHelp = {
  'admin-parent.parent': '改由哪个地级区划代管', 'legal-parent.parent': '改隶属于哪个区划', 'establish.code': '新区划的代码',
  'establish.from': '划出区域的现有区划（可选）', 'merge.code': '合并后的区划', 'split.targets': '代码或 代码=新名称，以空格分隔；无新名称表示现有区划',
  'transfer.targets': '接收区域的区划，代码或 代码=新名称', name: '不改名可留空',
};

// setDate shows a change set's date: with after, the interval it lies in
// (after the one day and by the other), never its end as a day.
const setDate = cs => !cs ? '' : cs.after ? cs.after + '至' + cs.date + '之间' : cs.date || '';

const blankDoc = () => ({number: '', title: '', date: '', source: ''});
const blankSet = () => ({title: '', date: '', documents: [blankDoc()], operations: [{type: 'rename'}]});

// clean drops the empty fields, so that the JSON is what a change file holds.
function clean(cs) {
  const out = {title: cs.title || '', date: cs.date || ''};
  if (cs.after) out.after = cs.after;
  if (cs.year) out.year = cs.year;
  out.documents = (cs.documents || []).map(d => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== '' && v != null)))
    .filter(d => Object.keys(d).length);
  out.operations = (cs.operations || []).map(op => Object.fromEntries(Object.entries(op).filter(([, v]) => v !== '' && v != null && !(Array.isArray(v) && !v.length))));
  if (cs.note) out.note = cs.note;
  return out;
}

// normal gives a change set parsed from JSON the shape the form edits.
// syntaxZh says where JSON.parse stopped, in Chinese: the browser's
// message is English and says where only as a position, if at all.
function syntaxZh(text, e) {
  const m = e.message.match(/position (\d+)/);
  if (!m) return text.trim() ? '语法错误' : '内容是空的';
  const before = text.slice(0, Number(m[1])).split('\n');
  return '语法错误（第 ' + before.length + ' 行第 ' + (before[before.length - 1].length + 1) + ' 列）';
}

function normal(v) {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('变更文件应是一个 JSON 对象');
  const cs = {...v};
  cs.documents = Array.isArray(v.documents) && v.documents.length ? v.documents.map(d => ({...blankDoc(), ...d})) : [blankDoc()];
  cs.operations = Array.isArray(v.operations) ? v.operations.map(o => ({...o})) : [];
  return cs;
}

async function formPage(m) {
  if (!token()) return needSignIn('起草变更');
  const id = m[1] ? Number(m[1]) : 0;
  let cs = blankSet(), rev = 0, base = '';
  if (id) {
    const c = await authed('changes/' + id);
    cs = normal(c.change_set); rev = c.revision; base = c.base;
  }
  const title = id ? '修改变更 ' + id : '起草变更';
  const formEl = h('form', {id: 'change-form', class: 'change-form', novalidate: true, onsubmit: e => { e.preventDefault(); save(); }});
  const json = h('textarea', {id: 'json', rows: 28, spellcheck: 'false', 'aria-describedby': 'json-msg', class: 'code'});
  const jsonMsg = h('p', {id: 'json-msg', class: 'count', 'aria-live': 'polite'}, '可直接粘贴变更文件；表单与此处同步。');
  const general = h('ul', {id: 'violations', class: 'viols', 'aria-live': 'polite'});
  const dry = h('section', {id: 'dryrun', class: 'card', 'aria-live': 'polite'}, h('h2', {}, '试运行'), h('p', {class: 'count'}, '填写后即自动校验。'));
  const saveMsg = h('div', {id: 'save-msg', 'aria-live': 'polite'});
  setPage(title, h('h1', {}, title),
    h('p', {class: 'sub'}, '每一项修改都会立即对照' + (base ? '版本 ' + base : '当前版本') + '校验；问题显示在相应字段旁，并注明规则名称。'),
    h('div', {class: 'author-grid'},
      h('div', {}, formEl, general),
      h('div', {}, h('label', {for: 'json', class: 'json-label'}, 'JSON（变更文件）'), json, jsonMsg)),
    dry,
    h('div', {class: 'form actions'}, h('button', {type: 'submit', form: 'change-form', id: 'save'}, id ? '保存修改' : '保存草稿'),
      h('a', {href: id ? '#/changes/' + id : '#/changes'}, '取消')),
    saveMsg);

  let timer = 0, seq = 0;
  const changed = (fromJSON) => {
    if (!fromJSON) json.value = JSON.stringify(clean(cs), null, 2);
    clearTimeout(timer);
    timer = setTimeout(validate, 350);
  };
  json.addEventListener('input', () => {
    let v;
    try {
      v = normal(JSON.parse(json.value));
    } catch (e) {
      put(jsonMsg, h('span', {class: 'err'}, 'JSON 有误：' + (e instanceof SyntaxError ? syntaxZh(json.value, e) : e.message)));
      return;
    }
    jsonMsg.textContent = '已同步到表单。';
    cs = v;
    renderForm();
    changed(true);
  });

  function renderForm() {
    const docs = cs.documents.map((d, i) => h('fieldset', {class: 'doc-f'},
      h('legend', {}, '文件 ' + (i + 1)),
      text('documents[' + i + '].number', '文号', d.number, v => d.number = v, {placeholder: '国函〔2020〕84号'}),
      text('documents[' + i + '].title', '标题', d.title, v => d.title = v, {size: 40}),
      text('documents[' + i + '].date', '日期', d.date, v => d.date = v, {placeholder: '2020-06-05', inputmode: 'numeric'}),
      text('documents[' + i + '].source', '链接', d.source, v => d.source = v, {placeholder: 'https://…', type: 'url', size: 40}),
      viol('documents[' + i + ']'),
      cs.documents.length > 1 ? h('button', {type: 'button', class: 'link', onclick: () => { cs.documents.splice(i, 1); renderForm(); changed(); }}, '删除此文件') : null));
    const ops = cs.operations.map((op, i) => opFieldset(op, i));
    put(formEl, 
      viol(''),
      h('fieldset', {}, h('legend', {}, '变更'),
        text('title', '标题', cs.title, v => cs.title = v, {size: 40, placeholder: '变更公主岭市代管关系'}),
        text('date', '生效日期', cs.date, v => cs.date = v, {placeholder: '2020-06-05', inputmode: 'numeric'}),
        text('after', '区间起点', cs.after || '', v => cs.after = v, {placeholder: '2019-10-31', inputmode: 'numeric', help: '可空：只知变更发生在此日之后、生效日期当日或之前时填写'}),
        text('note', '给审批人的备注', cs.note || '', v => cs.note = v, {size: 40})),
      h('div', {class: 'fs-group'}, h('h2', {}, '文件'), viol('documents'), docs,
        h('button', {type: 'button', class: 'link', id: 'add-doc', onclick: () => { cs.documents.push(blankDoc()); renderForm(); changed(); }}, '添加文件')),
      h('div', {class: 'fs-group'}, h('h2', {}, '操作'), viol('operations'), ops,
        h('button', {type: 'button', class: 'link', id: 'add-op', onclick: () => { cs.operations.push({type: 'rename'}); renderForm(); changed(); }}, '添加操作')));
  }

  function opFieldset(op, i) {
    const f = 'operations[' + i + ']';
    const known = opFields[op.type];
    const sel = h('select', {id: 'op' + i + '-type', 'data-field': f + '.type', onchange: e => {
      const keep = {type: e.target.value};
      for (const [name] of opFields[e.target.value] || []) if (op[name] !== undefined) keep[name] = op[name];
      cs.operations[i] = keep; renderForm(); changed();
    }}, Object.keys(opFields).map(t => h('option', {value: t, selected: t === op.type}, opTypeZh[t])),
    known ? null : h('option', {value: op.type, selected: true}, (opTypeZh[op.type] || op.type) + '（请在 JSON 中编辑）'));
    return h('fieldset', {class: 'op-f'},
      h('legend', {}, '操作 ' + (i + 1)),
      viol(f),
      h('div', {class: 'fld'}, h('label', {for: 'op' + i + '-type'}, '类型'), sel, viol(f + '.type')),
      (known || []).map(([name, kind]) => {
        const path = f + '.' + name, label = opFieldZh[name] + (kind.endsWith('?') ? '（可选）' : '');
        const help = opFieldHelp[op.type + '.' + name] || (name === 'name' ? opFieldHelp.name : null);
        const k = kind.replace('?', '');
        if (k === 'unit') return unitInput(path, label, op[name] || '', v => op[name] = v, {help, single: true});
        if (k === 'units') return unitInput(path, label, (op[name] || []).join(' '), v => op[name] = v.split(/[\s,，、]+/).filter(Boolean), {help});
        if (k === 'targets') return unitInput(path, label, (op[name] || []).map(u => u.name ? u.code + '=' + u.name : u.code).join(' '),
          v => op[name] = v.split(/[\s,，、]+/).filter(Boolean).map(t => { const [code, name] = t.split('='); return name ? {code, name} : {code}; }), {help});
        return text(path, label, op[name] || '', v => op[name] = v, {help, inputmode: k === 'code' ? 'numeric' : null, size: k === 'code' ? 8 : 20});
      }),
      cs.operations.length > 1 ? h('button', {type: 'button', class: 'link', onclick: () => { cs.operations.splice(i, 1); renderForm(); changed(); }}, '删除此操作') : null);
  }

  // text is a labelled input bound to one field, with the place for its
  // violations.
  function text(path, label, value, set, opts = {}) {
    const id = fid(path);
    const input = h('input', {id, 'data-field': path, value: value || '', size: opts.size || 16, placeholder: opts.placeholder,
      inputmode: opts.inputmode, type: opts.type || 'text', autocomplete: 'off', 'aria-describedby': 'v-' + id + (opts.help ? ' h-' + id : '')});
    input.addEventListener('input', () => { set(input.value.trim()); changed(); });
    return h('div', {class: 'fld'}, h('label', {for: id}, label), input, opts.help ? h('span', {class: 'count', id: 'h-' + id}, opts.help) : null, viol(path));
  }

  // unitInput picks divisions from the registry as you type (names, old
  // names or codes); single holds one code, otherwise codes separated by
  // spaces.
  function unitInput(path, label, value, set, opts = {}) {
    const id = fid(path), listId = id + '-list';
    const input = h('input', {id, 'data-field': path, value, size: 24, autocomplete: 'off', spellcheck: 'false', role: 'combobox',
      'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId, 'aria-describedby': 'v-' + id + (opts.help ? ' h-' + id : ''),
      placeholder: '名称或代码'});
    const list = h('ul', {id: listId, role: 'listbox', class: 'picker', hidden: true, 'aria-label': label + '：候选'});
    const picked = h('span', {class: 'picked count', id: 'p-' + id});
    let active = -1, t = 0, n = 0;
    const last = () => { const parts = input.value.split(/([\s,，、]+)/); return parts[parts.length - 1]; };
    const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; };
    const choose = hit => {
      if (opts.single) input.value = hit.code;
      else { const parts = input.value.split(/([\s,，、]+)/); parts[parts.length - 1] = hit.code; input.value = parts.join('') + ' '; }
      set(opts.single ? hit.code : input.value.trim());
      close(); describe(); changed(); input.focus();
    };
    const describe = async () => {
      const codes = input.value.split(/[\s,，、]+/).map(x => x.split('=')[0]).filter(c => /^\d{6}$/.test(c));
      const my = ++n;
      const names = await Promise.all(codes.map(c => api('divisions/' + c).then(d => d.fullName || d.name).catch(() => null)));
      if (my === n) picked.textContent = codes.map((c, i) => names[i] ? c + ' ' + names[i] : null).filter(Boolean).join('；');
    };
    const search = async () => {
      const q = last().split('=')[0].trim();
      const my = ++n;
      if (!q || /^\d{6}$/.test(q)) { close(); describe(); return; }
      let res;
      try { res = await api('search?limit=8&q=' + encodeURIComponent(q)); } catch (e) { return; }
      if (my !== n) return;
      put(list, ...res.hits.filter(x => x.inForce !== false).map((hit, j) => h('li', {role: 'option', id: listId + '-' + j, 'aria-selected': 'false', 'data-code': hit.code,
        onmousedown: ev => { ev.preventDefault(); choose(hit); }},
      h('span', {class: 'code'}, hit.code), ' ', h('strong', {}, hit.name), ' ', h('span', {class: 'full'}, hit.fullName))));
      if (!list.children.length) put(list, h('li', {class: 'none'}, '没有现行的“' + q + '”'));
      list.hidden = false; input.setAttribute('aria-expanded', 'true'); active = -1;
      list._hits = res.hits.filter(x => x.inForce !== false);
    };
    input.addEventListener('input', () => { set(input.value.trim()); changed(); clearTimeout(t); t = setTimeout(search, 120); });
    input.addEventListener('keydown', ev => {
      const items = list.querySelectorAll('li[role=option]');
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        if (!items.length || list.hidden) return;
        ev.preventDefault();
        active = (active + (ev.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
        items.forEach((li, j) => li.setAttribute('aria-selected', j === active ? 'true' : 'false'));
        input.setAttribute('aria-activedescendant', items[active].id);
      } else if (ev.key === 'Enter' && !list.hidden && items.length) {
        ev.preventDefault();
        choose(list._hits[Math.max(active, 0)]);
      } else if (ev.key === 'Escape') close();
    });
    input.addEventListener('blur', () => setTimeout(close, 150));
    describe();
    return h('div', {class: 'fld unit'}, h('label', {for: id}, label), h('div', {class: 'pick'}, input, list), picked,
      opts.help ? h('span', {class: 'count', id: 'h-' + id}, opts.help) : null, viol(path));
  }

  async function validate() {
    const my = ++seq;
    let rep;
    try {
      rep = await authed('changes/validate', {method: 'POST', body: clean(cs)});
    } catch (e) {
      if (my !== seq) return;
      showViolations(e.problem?.violations || []);
      if (!e.problem?.violations) put(general, h('li', {}, problemView(e)));
      put(dry, h('h2', {}, '试运行'), h('p', {class: 'count'}, '变更文件有误，无法试运行。'));
      return;
    }
    if (my !== seq) return;
    showViolations(rep.violations || []);
    put(dry, dryRun(rep));
  }

  function showViolations(vs) {
    for (const el of main.querySelectorAll('.viol')) { put(el, ); el.hidden = true; }
    for (const el of main.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    put(general, );
    for (const v of vs) {
      let f = v.field || '', place = null;
      for (;;) {
        place = main.querySelector('.viol[data-for="' + CSS.escape(f) + '"]');
        if (place || f === '') break;
        const g = f.replace(/(\.[a-z_]+|\[\d+\])$/, '');
        f = g === f ? '' : g;
      }
      const item = violItem(v);
      if (place) {
        place.hidden = false; place.append(item);
        const input = main.querySelector('[data-field="' + CSS.escape(v.field) + '"]');
        if (input) input.setAttribute('aria-invalid', 'true');
      } else general.append(h('li', {}, item));
    }
  }

  async function save() {
    put(saveMsg, );
    try {
      const c = id ? await authed('changes/' + id, {method: 'PUT', body: clean(cs), headers: {'If-Match': '"' + rev + '"'}})
        : await authed('changes', {method: 'POST', body: clean(cs)});
      location.hash = '#/changes/' + c.id;
    } catch (e) {
      if (e.problem?.violations) showViolations(e.problem.violations);
      put(saveMsg, problemView(e));
    }
  }

  renderForm();
  changed();
}

const fid = path => 'f-' + path.replace(/[^a-z0-9_]+/gi, '-');
const viol = path => h('div', {class: 'viol', 'data-for': path, id: 'v-' + fid(path), hidden: true, role: 'status'});

// violItem shows a broken rule: its name, in Chinese and as the rule's key,
// and the explanation (in Chinese where it is known).
function violItem(v) {
  return h('p', {class: 'v'}, h('span', {class: 'rule'}, ruleZh[v.rule] || v.rule), h('code', {class: 'rule-key'}, v.rule),
    v.field ? h('span', {class: 'count'}, fieldPath(v.field)) : null, ' ', violText(v));
}
// violText is the explanation in Chinese, from its message id; one whose
// id has no Chinese is shown in the server's words, marked as such.
function violText(v) {
  const z = violationZh(v);
  return z.text ? h('span', {class: 'msg'}, z.text)
    : h('span', {class: 'msg untranslated'}, '（未翻译）', h('span', {lang: 'en'}, z.original));
}
const fieldPath = f => f.replace(/([a-z_]+)(?:\[(\d+)\])?/g, (_, n, i) => (fieldZh[n] || n) + (i !== undefined ? ' ' + (Number(i) + 1) : '')).replace(/\./g, ' · ') + '：';

// dryRun shows a validation report: the verdict, the tree before and after,
// the codes retired and created and the crosswalk rows.
// verdictZh says what a valid change's next step is, in its state.
const verdictZh = {draft: '通过校验：可以提交。', submitted: '通过校验：等待审批。', approved: '通过校验：已批准，可以发布生效。', rejected: '通过校验（已驳回）。', withdrawn: '通过校验（已撤回）。'};

function dryRun(rep, changeState = 'draft') {
  const rows = (rs, cls) => rs?.length ? h('table', {class: 'list ' + cls}, h('thead', {}, h('tr', {}, ['代码', '名称', '类别', '管辖'].map(x => h('th', {scope: 'col'}, x)))),
    h('tbody', {}, rs.map(r => h('tr', {}, h('td', {class: 'code'}, r.code), h('td', {}, r.name), h('td', {}, r.kind), h('td', {}, r.parent || '—'))))) : h('p', {class: 'count'}, '无');
  const tree = ns => ns?.length ? h('ul', {class: 'tree'}, ns.map(n => h('li', {}, codeSpan(n.code), ' ', n.name, n.children?.length ? tree(n.children) : null))) : h('p', {class: 'count'}, '无');
  return [h('h2', {}, '试运行'),
    h('p', {class: rep.valid ? 'ok' : 'err', id: 'verdict'}, rep.valid ? (verdictZh[changeState] || '通过校验。') : '未通过校验：' + (rep.violations || []).length + ' 处问题。',
      rep.base ? h('span', {class: 'count'}, ' 基于版本 ' + rep.base + (rep.date ? '，生效日期 ' + rep.date : '')) : null),
    (rep.violations || []).length ? h('div', {class: 'viols'}, rep.violations.map(violItem)) : null,
    h('div', {class: 'grid2'}, h('div', {}, h('h3', {}, '变更前'), tree(rep.before)), h('div', {}, h('h3', {}, '变更后'), tree(rep.after))),
    h('div', {class: 'grid2'}, h('div', {id: 'retired'}, h('h3', {}, '停用的代码'), rows(rep.retired, 'retired')), h('div', {id: 'created'}, h('h3', {}, '新设的代码'), rows(rep.created, 'created'))),
    h('h3', {}, '代码对照（crosswalk）'),
    rep.crosswalk?.length ? h('div', {class: 'scroll'}, h('table', {class: 'list', id: 'crosswalk'},
      h('thead', {}, h('tr', {}, ['原代码', '原名称', '新代码', '新名称', '区域关系', '对应'].map(x => h('th', {scope: 'col'}, x)))),
      h('tbody', {}, rep.crosswalk.map(r => h('tr', {}, h('td', {class: 'code'}, r.from_code), h('td', {}, r.from_name), h('td', {class: 'code'}, r.to_code), h('td', {}, r.to_name),
        h('td', {}, relationZh[r.relation] || r.relation), h('td', {}, statusZh[r.status] || r.status)))))) : h('p', {class: 'count'}, '无')];
}

// ---------- one change ----------
function opSummary(op) {
  const parts = [h('span', {class: 'chip'}, opTypeZh[op.type] || op.type)];
  for (const [k, v] of Object.entries(op)) {
    if (k === 'type') continue;
    const val = Array.isArray(v) ? v.map(x => typeof x === 'object' ? (x.code || x.from) + (x.name ? '=' + x.name : x.to ? '→' + x.to : '') : x).join('、') : String(v);
    parts.push(' ', h('span', {class: 'count'}, (opFieldZh[k] || fieldZh[k] || k) + '：'), h('span', {class: 'code'}, val));
  }
  return parts;
}

// steps are the workflow's actions: who may take them, in which states.
const steps = [
  {action: 'submit', zh: '提交审批', role: 'editor', states: ['draft'], author: true},
  {action: 'approve', zh: '批准', role: 'approver', states: ['submitted']},
  {action: 'reject', zh: '驳回', role: 'approver', states: ['submitted', 'approved']},
  {action: 'apply', zh: '发布生效', role: 'approver', states: ['approved']},
  {action: 'withdraw', zh: '撤回', role: 'editor', states: ['draft', 'submitted', 'approved'], author: true},
];
const doneZh = {submit: '已提交审批。', approve: '已批准。', reject: '已驳回。', apply: '已发布生效。', withdraw: '已撤回。'};

async function changePage(m, params, flash) {
  if (!token()) return needSignIn('变更 ' + m[1]);
  const id = Number(m[1]);
  const c = await authed('changes/' + id);
  const cs = c.change_set;
  const msg = h('div', {id: 'action-msg', 'aria-live': 'assertive'}, flash ? h('p', {class: 'ok', role: 'status'}, flash) : null);
  const reason = h('input', {id: 'reason', size: 30, placeholder: '驳回的理由'});
  const offered = steps.filter(s => may(s.role) && s.states.includes(c.state) && (!s.author || isAuthor(c) || may('admin')));
  const act = async s => {
    put(msg, h('p', {class: 'count'}, s.zh + '…'));
    try {
      await authed('changes/' + id + '/' + s.action, {method: 'POST', body: s.action === 'reject' ? {reason: reason.value} : undefined});
    } catch (e) {
      put(msg, h('p', {class: 'count'}, '服务器拒绝了“' + s.zh + '”：'), problemView(e),
        e.problem?.violations?.length ? h('div', {class: 'viols'}, e.problem.violations.map(violItem)) : null);
      return;
    }
    if (s.action === 'apply') newRelease(); // the registry's answers change
    await changePage(m, params, doneZh[s.action]);
  };
  const canEdit = c.state === 'draft' && may('editor') && (isAuthor(c) || may('admin'));
  setPage('变更 ' + id, h('h1', {}, '变更 ' + id + '：' + (c.title || cs.title), h('span', {class: 'chip state-' + c.state, id: 'state'}, stateZh[c.state] || c.state)),
    h('dl', {class: 'facts card'},
      h('dt', {}, '状态'), h('dd', {}, stateZh[c.state] || c.state),
      h('dt', {}, '起草人'), h('dd', {id: 'author'}, c.author),
      h('dt', {}, '审批人'), h('dd', {}, c.approver || '—'),
      h('dt', {}, '生效日期'), h('dd', {}, setDate(cs)),
      h('dt', {}, '基础版本'), h('dd', {}, c.base),
      c.release ? [h('dt', {}, '发布于'), h('dd', {}, h('a', {href: '#/releases'}, c.release))] : null,
      h('dt', {}, '创建（UTC）'), h('dd', {}, when(c.created)),
      h('dt', {}, '更新（UTC）'), h('dd', {}, when(c.updated), h('span', {class: 'count'}, ' 第 ' + c.revision + ' 版'))),
    h('div', {class: 'form actions', id: 'actions'},
      offered.map(s => [s.action === 'reject' ? h('label', {for: 'reason', class: 'sr'}, '驳回的理由') : null, s.action === 'reject' ? reason : null,
        h('button', {type: 'button', id: 'do-' + s.action, class: s.action === 'reject' || s.action === 'withdraw' ? 'secondary' : null, onclick: () => act(s)}, s.zh)]),
      canEdit ? h('a', {href: '#/changes/' + id + '/edit', id: 'edit'}, '修改') : null,
      !offered.length && !canEdit ? h('p', {class: 'count'}, me ? '以' + (roleNameZh[me.role] || me.role) + '身份，此状态下没有可做的操作。' : '') : null),
    msg,
    h('h2', {}, '文件'), (cs.documents || []).map(d => h('div', {class: 'doc'}, d.number ? h('span', {class: 'num'}, d.number, ' ') : null, d.title || '',
      d.date ? h('span', {class: 'src'}, '（' + d.date + '）') : null, d.source ? h('div', {class: 'src'}, '出处：', richText(d.source)) : null)),
    h('h2', {}, '操作'), h('ul', {class: 'ops'}, (cs.operations || []).map(op => h('li', {}, opSummary(op)))),
    cs.note ? [h('h2', {}, '备注'), h('p', {}, cs.note)] : null,
    h('section', {id: 'dryrun', class: 'card'}, h('h2', {}, '试运行'), h('p', {class: 'loading'}, '校验中…')),
    h('details', {}, h('summary', {}, 'JSON（变更文件）'), h('pre', {class: 'code json'}, JSON.stringify(cs, null, 2))));
  if (c.state !== 'applied') {
    try {
      const rep = await authed('changes/' + id + '/validate', {method: 'POST'});
      put(document.getElementById('dryrun'), dryRun(rep, c.state));
    } catch (e) {
      put(document.getElementById('dryrun'), h('h2', {}, '试运行'), problemView(e));
    }
  } else {
    put(document.getElementById('dryrun'), h('h2', {}, '已生效'), h('p', {}, '此变更已在版本 ' + c.release + ' 中生效。'),
      (cs.operations || []).flatMap(op => [op.new_code || op.code].filter(Boolean)).map(code => h('p', {}, h('a', {href: '#/d/' + code}, '查看 ' + code + ' 的区划页'))));
  }
}

// ---------- releases and the live event feed ----------
let feedAbort = null;
// stopFeed ends the event stream of the releases page.
export function stopFeed() { if (feedAbort) { feedAbort.abort(); feedAbort = null; } }

const eventZh = t => t === 'release.applied' ? '发布新版本' : t.startsWith('change.') ? '变更' + (stateZh[t.slice(7)] || t.slice(7)) : t;

// newRelease forgets the answers of the old release and tells the parts of
// the page that show it (the footer's release name).
function newRelease() {
  clearCache();
  state.info = null;
  for (const f of extensions.released) { try { f(); } catch (e) { /* one part's failure leaves the others */ } }
}

// baseOf names the data a first release was built on: 2026a for 2026a+1.
const baseOf = v => { const i = v.lastIndexOf('+'); return i > 0 ? v.slice(0, i) + '（基础数据）' : '（基础数据）'; };

async function releasesPage() {
  if (!token()) return needSignIn('版本');
  const table = h('div', {id: 'releases'});
  const feed = h('ol', {id: 'feed', class: 'feed', reversed: true});
  const status = h('p', {id: 'feed-status', class: 'count', role: 'status'}, '连接中…');
  setPage('版本', h('h1', {}, '版本'),
    h('p', {class: 'sub'}, '每次发布生效的变更形成一个新版本（如 2024+1）。下方实时显示变更流程中的事件。'),
    table, h('h2', {}, '实时事件'), status, h('div', {class: 'card'}, feed));
  const load = async () => {
    const rs = await authed('releases');
    put(table, rs.length ? h('div', {class: 'scroll'}, h('table', {class: 'list'},
      h('thead', {}, h('tr', {}, ['版本', '上一版本', '发布人', '时间（UTC）', '变更'].map(x => h('th', {scope: 'col'}, x)))),
      h('tbody', {}, rs.slice().reverse().map(r => h('tr', {}, h('td', {class: 'code'}, r.version), h('td', {}, r.parent || baseOf(r.version)), h('td', {}, r.actor), h('td', {}, when(r.created)),
        h('td', {}, r.changes.map((id, i) => [i ? '、' : '', h('a', {href: '#/changes/' + id}, id)]))))))) : h('p', {class: 'count'}, '还没有发布过版本。'));
  };
  await load();
  follow(feed, status, load);
}

// follow reads the event feed as Server-Sent Events through fetch, with the
// token in the Authorization header, and reconnects from the last event
// seen when the connection drops.
async function follow(list, status, onRelease) {
  stopFeed();
  const ctl = new AbortController();
  feedAbort = ctl;
  let since = 0;
  while (!ctl.signal.aborted) {
    try {
      const r = await fetch('/v1/feed?since=' + since, {headers: {Accept: 'text/event-stream', Authorization: 'Bearer ' + token()}, signal: ctl.signal, cache: 'no-store'});
      if (!r.ok) {
        const b = await r.json().catch(() => ({}));
        put(status, problemView(problemError(r.status, b)));
        return;
      }
      status.textContent = '已连接，新事件会即时出现。';
      const reader = r.body.getReader(), dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        buf += dec.decode(value, {stream: true});
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = {};
          for (const line of block.split('\n')) {
            const m = line.match(/^(id|event|data): ?(.*)$/);
            if (m) ev[m[1]] = (ev[m[1]] ? ev[m[1]] + '\n' : '') + m[2];
          }
          if (!ev.data) continue;
          since = Number(ev.id) || since;
          let item;
          try { item = JSON.parse(ev.data); } catch (e) { continue; }
          list.prepend(feedItem(item));
          while (list.children.length > 100) list.lastChild.remove();
          if (item.type === 'release.applied') { newRelease(); onRelease().catch(() => {}); }
        }
      }
    } catch (e) {
      if (ctl.signal.aborted) return;
    }
    status.textContent = '连接中断，正在重新连接…';
    await new Promise(res => setTimeout(res, 3000));
  }
}

function feedItem(it) {
  const d = it.data || {};
  return h('li', {'data-type': it.type, 'data-seq': it.seq}, h('span', {class: 'code'}, '#' + it.seq), ' ', when(it.at), ' ',
    h('strong', {}, eventZh(it.type)), ' ',
    it.change ? h('a', {href: '#/changes/' + it.change}, '变更 ' + it.change) : null,
    d.title ? '：' + d.title : '', d.actor ? h('span', {class: 'count'}, '（' + d.actor + '）') : null,
    it.release ? [' ', h('span', {class: 'code'}, it.release)] : null);
}

// ---------- the audit log ----------
const auditZh = {
  'change.new': '起草', 'change.update': '修改', 'change.submit': '提交', 'change.approve': '批准', 'change.reject': '驳回',
  'change.withdraw': '撤回', 'release.apply': '发布', 'token.create': '创建令牌', 'webhook.create': '添加 webhook', 'webhook.delete': '删除 webhook',
  auth: '认证', 'change.show': '查看变更', 'change.list': '列出变更', 'change.validate': '校验', 'audit.list': '查看审计日志',
  'release.list': '列出版本', 'release.export': '导出版本', 'feed.read': '读取事件',
  'change.apply': '发布生效', refused: '被拒绝的请求（按分钟汇总）', 'token.list': '列出令牌', 'token.revoke': '吊销令牌',
  'audit.verify': '校验审计日志',
};
const actionZh = a => a.startsWith('refused.') ? '拒绝：' + (auditZh[a.slice(8)] || a.slice(8)) : auditZh[a] || a;

async function auditPage(m, params) {
  if (!token()) return needSignIn('审计日志');
  if (!may('admin')) {
    setPage('审计日志', h('h1', {}, '审计日志'), h('p', {class: 'err', role: 'alert'}, '审计日志只对管理员开放；您的角色是' + (roleNameZh[me?.role] || '未知') + '。'));
    return;
  }
  const body = h('tbody', {});
  const more = h('button', {type: 'button', id: 'audit-more'}, '加载更多');
  let since = 0;
  const load = async () => {
    const rows = await authed('audit?since=' + since + '&limit=100');
    body.append(...rows.map(a => h('tr', {class: a.action.startsWith('refused.') ? 'refused' : null},
      h('td', {}, a.seq), h('td', {}, when(a.at)), h('td', {}, a.actor), h('td', {}, actionZh(a.action), ' ', h('code', {class: 'rule-key'}, a.action)),
      h('td', {}, a.object || ''), h('td', {}, a.from || a.to ? (stateZh[a.from] || a.from || '') + ' → ' + (stateZh[a.to] || a.to || '') : ''),
      h('td', {lang: 'en'}, a.detail || ''))));
    if (rows.length) since = rows[rows.length - 1].seq;
    more.hidden = rows.length < 100;
  };
  more.addEventListener('click', load);
  setPage('审计日志', h('h1', {}, '审计日志'), h('p', {class: 'sub'}, '每一次操作和每一次被拒绝的请求，按发生顺序（只增不改）。时间为 UTC。'),
    h('div', {class: 'scroll'}, h('table', {class: 'list', id: 'audit'},
      h('thead', {}, h('tr', {}, ['序号', '时间', '操作人', '动作', '对象', '状态', '详情'].map(x => h('th', {scope: 'col'}, x)))), body)), more);
  await load();
}

// changeRoutes are the pages of this module, for the router.
export const changeRoutes = [
  [/^#\/signin$/, signInPage],
  [/^#\/changes$/, listPage],
  [/^#\/changes\/new$/, m => formPage([m[0]])],
  [/^#\/changes\/(\d+)\/edit$/, formPage],
  [/^#\/changes\/(\d+)$/, changePage],
  [/^#\/releases$/, releasesPage],
  [/^#\/audit$/, auditPage],
];

// The state shared with the reading pages, for tests and extensions.
state.session = {signedIn: () => !!me, user: () => me?.user, role: () => me?.role};
