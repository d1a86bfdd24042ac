// The page speaks Chinese: the API's words (relations, notes, problem
// details, workflow states, rule names) are translated here. The API keeps
// its English; what cannot be translated is shown in Chinese terms with the
// server's words folded beside it.

export const statusZh = {
  exact: '不变', same: '不变', renamed: '更名', recoded: '代码变更', merged: '合并', split: '拆分', partial: '部分区域',
  abolished: '撤销', placeholder: '占位代码', statistical: '统计用代码', unknown: '未知',
};
export const relationZh = {same: '区域相同', superset: '新区划更大', subset: '新区划更小', overlap: '区域部分重叠'};
export const stateZh = {draft: '草稿', submitted: '待审批', approved: '已批准', applied: '已生效', rejected: '已驳回', withdrawn: '已撤回'};
export const roleNameZh = {viewer: '查看者', editor: '编辑', approver: '审批人', admin: '管理员'};
export const opTypeZh = {
  rename: '更名', recode: '代码变更', 'admin-parent': '变更代管', 'legal-parent': '变更隶属', establish: '设立', abolish: '撤销',
  merge: '合并', split: '拆分', transfer: '部分区域划转', reorganize: '其他调整',
};
export const ruleZh = {
  shape: '格式', date: '日期', document: '文件', code: '代码', kind: '类别', 'code-range': '代码范围', reuse: '代码重用',
  'in-force': '现行', overlap: '时段重叠', parent: '上级', 'sibling-name': '同级重名', successor: '去向', orphan: '下级失去上级',
  stale: '基础版本已过时',
};
export const fieldZh = {
  title: '标题', date: '生效日期', year: '年份', documents: '文件', operations: '操作', note: '备注', code: '代码', new_code: '新代码',
  name: '名称', parent: '上级', from: '来源', targets: '去向', number: '文号', source: '出处',
};
const idFieldZh = {length: '位数', characters: '字符', check: '校验码', birth: '出生日期', region: '地区码'};
const labelZh = {'the birth date': '出生日期', 'the date of issue': '发证日期'};

// events turns the "; DATE TITLE (NUMBER)" tail of a note into Chinese.
function events(tail) {
  return tail.split('; ').filter(Boolean).map(s => {
    let m = s.match(/^change of (\S+)$/);
    if (m) return m[1] + ' 的变更';
    m = s.match(/^(\S+) (.+?)(?: \(([^()]+)\))?$/);
    return m ? m[1] + ' ' + m[2] + (m[3] ? '（' + m[3] + '）' : '') : s;
  }).join('；');
}

// The notes the API writes, as patterns and their Chinese.
const notes = [
  [/^(\S+) (\d{6}) was in force (\S+); on (\S+) it is (\S+) (\d{6}) \((\w+)((?:; .*)?)\)$/,
    m => m[1] + '（' + m[2] + '）的有效期为 ' + m[3] + '；' + m[4] + ' 时为 ' + m[5] + '（' + m[6] + '，' + (statusZh[m[7]] || m[7]) + '）' + (m[8] ? '。依据：' + events(m[8].slice(2)) : '')],
  [/^(\d{6}) (\S+) \((\S+)\) was abolished with no successor by (\S+)$/, m => m[1] + ' ' + m[2] + '（' + m[3] + '）至 ' + m[4] + ' 已撤销，没有承继的区划'],
  [/^(\d{6}) (\S+) \((\S+)\) was split; on (\S+) its area lies in (\d+) divisions$/, m => m[1] + ' ' + m[2] + '（' + m[3] + '）已拆分；' + m[4] + ' 时其区域分属 ' + m[5] + ' 个区划'],
  [/^(\d{6}) (\S+) was in force (\S+), not on (\S+)$/, m => m[1] + ' ' + m[2] + ' 的有效期为 ' + m[3] + '，' + m[4] + ' 时已不在使用'],
  [/^(\S+) is a former name of (\d{6}) (\S+) \(in force (\S+)\)$/, m => m[1] + ' 是 ' + m[2] + ' ' + m[3] + ' 的旧名（有效期 ' + m[4] + '）'],
  [/^(\d{6}) (\S+) was in force (\S+); on (\S+) its place in the address is taken by (\d{6}) (\S+)$/, m => m[1] + ' ' + m[2] + ' 的有效期为 ' + m[3] + '；' + m[4] + ' 时地址中的这一级为 ' + m[5] + ' ' + m[6]],
  [/^(\d{6}) (\S+) was retired on (\S+), before (.+): issued under the old code \(a late registration\)$/, m => m[1] + ' ' + m[2] + ' 已于 ' + m[3] + ' 停用，早于' + (labelZh[m[4]] || m[4]) + '：按旧代码发放（补办登记）'],
  [/^(\d{6}) was first in use on (\S+), after (.+): decoded as of that date$/, m => m[1] + ' 自 ' + m[2] + ' 起使用，晚于' + (labelZh[m[3]] || m[3]) + '：按该日的区划解读'],
  [/^(\d{6}) (\S+) was abolished with no successor$/, m => m[1] + ' ' + m[2] + ' 已撤销，没有承继的区划'],
  [/^(\d{6}) is the raw 1990–1994 lists' code of (\d{6}) (\S+) \(.*\)$/, m => m[1] + ' 是1990—1994年名录中 ' + m[2] + ' ' + m[3] + ' 的代码（省直辖县级单位当时写作 XX90XX，国家标准写作 XXXX8X）'],
  [/^(\d{6}) was not in force on (\S+); (\d{6}) (\S+) was in force (\S+)$/, m => m[1] + ' 在 ' + m[2] + ' 不在使用；' + m[3] + ' ' + m[4] + ' 的有效期为 ' + m[5]],
  [/^(\d{6}) 市辖区 is a placeholder for the districts of (\S+) as a group, not a division$/, m => m[1] + ' 市辖区是 ' + m[2] + ' 各市辖区的统称占位代码，不是一个区划'],
  [/^(\d{6}) is the placeholder (.+) of a municipality, not a division$/, m => m[1] + ' 是直辖市的占位代码（' + m[2] + '），不是一个区划'],
  [/^(\d{6}) is a statistical-only code(?: \(a development zone or similar\))? under (\d{6}) (\S+), not a GB\/T 2260 division$/, m => m[1] + ' 是 ' + m[2] + ' ' + m[3] + ' 下的统计用代码（开发区等），不是 GB/T 2260 区划'],
  [/^(\d{6}) is not a division code of the registry$/, m => m[1] + ' 不是任何时期的行政区划代码'],
  // The address parser's notes.
  [/^the address is written twice; it is read once$/, () => '同一地址写了两遍，按一遍读取'],
  [/^the text names two incompatible addresses; the parts hold the first, Conflict both$/, () => '文本写了两个互不相容的地址：各级区划按第一个填写，两种读法都列在“地址矛盾”中'],
  [/^(\d{6}) (\S+) \((\S+)\) is written with (\S+), which on (\S+) lies in (\d{6}) (\S+), a division that took area from it$/,
    m => m[1] + ' ' + m[2] + '（' + m[3] + '）与 ' + m[4] + ' 写在一起；' + m[5] + ' 时 ' + m[4] + ' 位于 ' + m[6] + ' ' + m[7] + '（从它划出区域设立或调整的区划）'],
  [/^(\d{6,9}) (\S+) \((\S+)\) was not in force on (\S+)$/, m => m[1] + ' ' + m[2] + '（' + m[3] + '）在 ' + m[4] + ' 不在使用'],
];

// levelZh names the levels of an address answer.
export const levelZh = {province: '省级', prefecture: '地级', county: '县级', township: '乡级'};

// The address parser's confidence: its kinds and the reasons it gives.
export const confidenceKindZh = {certain: '确定', inferred: '推断', ambiguous: '不确定'};
const reasons = [
  [/^successor chosen by (\S+)$/, m => '按所写的 ' + m[1] + ' 选定承继的区划'],
  [/^county chosen among those of its name by the township (\S+)$/, m => '按乡级 ' + m[1] + ' 在同名的县级区划中选定'],
  [/^county read from the township (\S+), the only one of its name there$/, m => '县级区划由乡级 ' + m[1] + '（当地唯一同名）得出'],
  [/^county read from the township (\S+), the only one of its name$/, m => '县级区划由乡级 ' + m[1] + '（全国唯一同名）得出'],
  [/^a name not in force on the date, carried to it through the registry's lineage$/, () => '所写名称在该日期已不在使用，按区划沿革换算到该日期'],
  [/^a bare name read as the prefecture-level city; the other divisions of that name are listed as alternatives$/, () => '只写了一个名称，按地级市读取；同名的其他区划列为其他读法'],
  [/^several divisions fit the names and nothing in the text decides$/, () => '有多个区划符合所写名称，文本中没有可以判定的内容'],
  [/^the text names two incompatible addresses$/, () => '文本写了两个互不相容的地址'],
];

// reasonZh translates the reason of an address answer's confidence; a
// reason it does not know is returned as {text: null, original}.
export function reasonZh(s) {
  for (const [re, f] of reasons) {
    const m = s.match(re);
    if (m) return {text: f(m)};
  }
  return {text: null, original: s};
}

// noteZh translates a note of the API; a note it does not know is
// returned as {text: null, original}.
export function noteZh(s) {
  for (const [re, f] of notes) {
    const m = s.match(re);
    if (m) return {text: f(m)};
  }
  return {text: null, original: s};
}

// The refusals and errors of the change workflow.
const changeMsgs = [
  [/^(\S+) drafted change (\d+) and cannot approve it: the approver of a change is not its author$/, m => m[1] + ' 起草了变更 ' + m[2] + '，不能批准它：变更的批准人不能是它的起草人。'],
  [/^(\S+) drafted change (\d+): withdraw it instead of rejecting it$/, m => m[1] + ' 起草了变更 ' + m[2] + '，不能驳回自己的变更：请撤回它。'],
  [/^only the author \((\S+)\) may submit change (\d+)$/, m => '只有起草人 ' + m[1] + ' 可以提交变更 ' + m[2] + '。'],
  [/^only the author \((\S+)\) or an admin may withdraw change (\d+)$/, m => '只有起草人 ' + m[1] + ' 或管理员可以撤回变更 ' + m[2] + '。'],
  [/^(\S+) needs the (\w+) role; (\S+) has (\w+)$/, m => '此操作（' + m[1] + '）需要' + (roleNameZh[m[2]] || m[2]) + '角色；' + m[3] + ' 的角色是' + (roleNameZh[m[4]] || m[4]) + '。'],
  [/^change (\d+) is (\w+); (\S+) needs it (.+)$/, m => '变更 ' + m[1] + ' 当前为“' + (stateZh[m[2]] || m[2]) + '”，此操作要求它为“' + m[4].split(' or ').map(s => stateZh[s] || s).join('”或“') + '”。'],
  [/^change (\d+) does not pass validation against release (\S+)$/, m => '变更 ' + m[1] + ' 未通过对版本 ' + m[2] + ' 的校验。'],
  [/^change (\d+) no longer applies to release (\S+)$/, m => '变更 ' + m[1] + ' 已不能应用于版本 ' + m[2] + '。'],
  [/^change (\d+) was modified meanwhile; read it again$/, m => '变更 ' + m[1] + ' 已被他人修改，请重新打开。'],
  [/^there is no change (\d+)$/, m => '没有变更 ' + m[1] + '。'],
  [/^the token is not valid/, () => '令牌无效或已过期。'],
  [/^a token is required/, () => '需要先登录（令牌）。'],
  [/needs a token$/, () => '需要先登录（令牌）。'],
];

const byStatus = {400: '请求有误', 401: '需要登录', 403: '没有权限', 404: '没有找到', 405: '不支持此操作', 409: '与当前状态冲突',
  413: '请求过大', 415: '请求格式不对', 422: '内容有误', 429: '请求过于频繁，请稍后再试', 500: '服务器内部错误', 503: '服务暂不可用'};

// problemZh returns the Chinese of an error: {text, hint, original}.
// ctx may name what was asked ({code}).
export function problemZh(e, ctx = {}) {
  const p = e.problem;
  if (!p) return {text: e.zh ? e.message : '出错了：' + (e.message === 'Failed to fetch' ? '无法连接服务器' : e.message)};
  const slug = String(p.type || '').replace(/^.*[/:]/, '');
  const detail = p.detail || '';
  const code = ctx.code || (detail.match(/\b(\d{6})\b/) || [])[1] || '';
  let text = null, hint = null;
  switch (slug) {
    case 'unknown-code':
      text = code + ' 不是任何时期的行政区划代码。';
      hint = '请在页面上方的搜索框中输入名称、旧名或代码查找。' + (p.suggestions?.length ? '相近的代码：' : '');
      break;
    case 'not-in-force': {
      const m = detail.match(/not in force on (\S+)/);
      text = code + (m ? ' 在 ' + m[1] : ' 在所查日期') + ' 不在使用。';
      hint = '它曾在下列时期使用；点击查看当时的区划，或在区划页拖动年份。';
      break;
    }
    case 'invalid-code': text = '代码应为六位数字，例如 220381。'; break;
    case 'invalid-date': text = '日期格式不对。'; hint = '日期写作 2019（该年年底）、2019-06 或 2020-06-05。'; break;
    case 'date-out-of-range': text = '日期早于第一份年度名录。'; hint = '可查询 ' + (detail.match(/\((\d{4})\)/) || [, '1981'])[1] + ' 年至今。'; break;
    case 'unknown-route': text = '没有这个页面或接口。'; break;
    case 'unknown-plate': text = '没有这个车牌前缀。'; hint = '请输入汉字简称加字母，例如 吉A。'; break;
    case 'invalid-plate': text = '车牌前缀的格式不对。'; hint = '请输入汉字简称加字母，例如 吉A。'; break;
    case 'unknown-event': text = '没有这个变更事件。'; break;
    case 'invalid-id-number': {
      const m = detail.match(/^ID number (\S+): (\w+): /);
      text = '身份证号码' + (m ? ' ' + m[1] + ' 的' + (idFieldZh[m[2]] || m[2]) : '') + '有误。';
      break;
    }
    case 'missing-parameter': case 'missing-field': text = '缺少必填的内容。'; break;
    case 'invalid-parameter': case 'invalid-field': text = '填写的内容不对。'; break;
    case 'too-many-codes': case 'too-many-addresses': case 'body-too-large': text = '一次请求的内容太多。'; break;
    case 'not-ready': text = '服务正在启动，请稍后再试。'; break;
  }
  if (!text) {
    for (const [re, f] of changeMsgs) {
      const m = detail.match(re);
      if (m) { text = f(m); break; }
    }
  }
  if (!text) {
    const n = noteZh(detail);
    text = n.text ? n.text + '。' : (byStatus[e.status || p.status] || '出错了') + '（' + (e.status || p.status || '?') + '）。';
  }
  return {text, hint, original: detail || null};
}


// The explanations of broken rules (changeset.Violation), by message id:
// each writes the violation's params in Chinese. The server's English
// (message) is the same template of the same id.
const wantZh = {string: '文字（字符串）', bool: '是或否（布尔值）', integer: '整数', number: '数字', list: '列表 [ … ]', object: '对象 { … }', other: '其他类型的值'};
const gotZh = {string: '文字', number: '数字', bool: '布尔值', array: '列表', object: '对象'};
const dateForm = '（日期写作 YYYY、YYYY-MM 或 YYYY-MM-DD）';
const badDate = (p, why) => '日期“' + p.value + '”有误：' + why + dateForm;
const badCode = (p, why) => '代码“' + p.value + '”有误：' + why;
const opList = Object.values(opTypeZh).join('、');
export const violationTemplates = {
  'parse-syntax': p => '第 ' + p.line + ' 行：JSON 语法有误',
  'parse-incomplete': p => '第 ' + p.line + ' 行：JSON 在变更文件结束之前就中断了',
  'parse-empty': () => '变更文件是空的：请写一个 JSON 对象',
  'parse-unknown-field': p => '第 ' + p.line + ' 行：没有“' + p.name + '”这个字段（请检查拼写）',
  'parse-type': p => '第 ' + p.line + ' 行：字段 ' + p.field + ' 应为' + (wantZh[p.want] || p.want) + '，而不是' + (gotZh[p.got] || p.got),
  'parse-trailing': () => 'JSON 对象之后还有多余的内容',

  'code-missing': () => '缺少代码',
  'code-length': p => badCode(p, '区划代码为 6 位数字（乡级为 9 位），这里有 ' + p.length + ' 个字符'),
  'code-digits': p => badCode(p, '区划代码只能由数字组成'),
  'code-township-zero': p => badCode(p, '9 位乡级代码以省级代码开头，不能以 0 开头'),
  'code-invalid': p => '代码“' + p.value + '”有误',
  'code-nation': () => '000000 代表全国，不是可以变更的区划',
  'name-missing': () => '缺少名称',
  'name-space': p => '名称“' + p.name + '”含有空白字符',
  'title-missing': () => '变更需要一个说明其内容的标题',
  'date-missing': () => '变更需要生效日期（YYYY-MM-DD）',
  'year-before-date': p => '年份 ' + p.year + ' 应为生效日期所在的年份或其后',
  'after-not-day': p => '区间起点 ' + p.value + ' 应为具体某日（YYYY-MM-DD）：区间从某一日到另一日',
  'date-not-day-with-after': p => '填写了区间起点时，生效日期 ' + p.value + ' 应为具体某日（YYYY-MM-DD），即区间的终点',
  'after-not-before-date': p => '区间起点 ' + p.after + ' 应早于生效日期 ' + p.date + '：变更发生在前者之后、后者之前（含）',
  'documents-missing': () => '变更需要决定它的文件（文号和标题）',
  'document-empty': () => '文件需要文号或标题',

  'date-year-range': p => badDate(p, '年份应在 ' + p.min + ' 至 ' + p.max + ' 之间'),
  'date-spaces': p => badDate(p, '不能含有空格'),
  'date-sign': p => badDate(p, '日期前不能有正负号'),
  'date-separator': p => badDate(p, '年、月、日之间请用“-”分隔，例如 2020-06-05'),
  'date-eight-digits': p => badDate(p, p.value + ' 应写作 ' + p.dashed),
  'date-parts': p => badDate(p, '分段太多'),
  'date-empty-part': p => badDate(p, '有一段是空的'),
  'date-not-number': p => badDate(p, '“' + p.part + '”不是数字'),
  'date-year-digits': p => badDate(p, '年份应为四位数字'),
  'date-two-digits': p => badDate(p, '月和日各为两位数字，例如 ' + p.year + '-06-05'),
  'date-month-range': p => badDate(p, '月份 ' + p.month + ' 不在 1 至 12 之间'),
  'date-day-range': p => badDate(p, p.month + ' 没有 ' + p.day + ' 日（该月为 1 至 ' + p.last + ' 日）'),
  'date-invalid': p => '日期“' + p.value + '”有误' + dateForm,

  'op-type-missing': () => '缺少操作类型（' + opList + '）',
  'op-type-unknown': p => '没有“' + p.type + '”这种操作类型（可用：' + opList + '）',
  'operations-missing': () => '变更至少需要一项操作（' + opList + '）',
  'new-code-same': () => '新代码与原代码相同；只改名称请用“' + opTypeZh.rename + '”',
  'merge-from-missing': () => '合并需要列出被合并的单位（来源）',
  'merge-target-listed': p => '并入的单位（' + p.code + '）继续存在；来源中只列出终止的单位',
  'split-targets': () => '拆分需要列出接收区域的单位（去向）',
  'transfer-sides': () => '部分区域划转需要列出划出区域的单位（来源）和接收区域的单位（去向）',
  'transfer-name': () => '划转双方都继续存在：只填写代码，不填名称',
  'reorganize-empty': () => '其他调整需要停用、新设或区域关联中的至少一项',
  'retired-twice': p => '代码 ' + p.code + ' 被多项操作停用',
  'created-twice': p => '代码 ' + p.code + ' 被多项操作新设',

  'no-successor': p => p.code + ' 将被停用但没有去向：请写明其区域划给哪些单位，或明确撤销它',
  'abolished-gives': p => p.code + ' 被撤销，同时又向其他单位划出区域：请改用合并或拆分',
  'code-in-force': p => p.code + ' 正由 ' + p.name + ' 使用（' + p.interval + '），此变更没有停用它',
  'code-later-record': p => p.code + ' 已有记录 ' + p.name + '（' + p.interval + '）',
  'code-reused': p => p.code + ' 曾是 ' + p.name + '（' + p.interval + '），已停用；停用的代码不再给其他区域（已知的例外请在 reuse_reason 中注明）',
  'code-not-division': p => p.code + ' 不是区划代码',
  'kind-unknown': p => '无法从名称“' + p.name + '”判断类别（名称应以 省、市、县、区、旗、自治州 等结尾）',
  'kind-level': p => p.code + ' ' + p.name + ' 是' + p.kind + '（' + p.kind_level + '），但代码 ' + p.code + ' 是' + p.code_level + '代码',
  'retired-not-force': p => p.code + ' 在变更前一日 ' + p.date + ' 不在使用',
  'retired-ends': p => p.code + ' ' + p.name + ' 已于 ' + p.end + ' 终止，晚于此变更的生效日期 ' + p.date,
  'source-not-force': p => '划出区域的 ' + p.code + ' 在 ' + p.date + ' 不在使用',
  'target-not-force': p => '接收区域的 ' + p.code + ' 在变更后不在使用（请设立它，或不要停用它）',
  'build-failed': () => '应用此变更后区划数据无法生成',
  'province-not-force': p => p.code + ' ' + p.name + ' 所属的省级区划 ' + p.province + ' 在 ' + p.date + ' 不在使用',
  'prefecture-not-force': p => p.code + ' ' + p.name + ' 的上级地级区划 ' + p.prefecture + ' 在 ' + p.date + ' 不在使用（省直辖的县级单位代码写作 XX90XX）',
  'code-range': p => p.parent_kind + p.parent_name + '下的' + p.kind + '应使用代码 ' + p.prefix + p.low + '—' + p.high + '，而不是 ' + p.code,
  'sibling-name': p => p.code + ' ' + p.name + ' 与同级的 ' + p.sibling + ' ' + p.sibling_name + ' 重名',

  'parent-not-force': p => '上级 ' + p.parent + ' 在 ' + p.date + ' 不在使用',
  'parent-level': p => p.parent + ' ' + p.parent_name + ' 是' + p.parent_level + '区划，不能作为' + p.level + '的 ' + p.name + ' 的上级',
  'parent-admin-other': p => '代码为 ' + p.code + ' 时，' + p.name + ' 的代管上级是 ' + p.actual + ' ' + p.actual_name + '，而不是 ' + p.parent + ' ' + p.parent_name,
  'parent-admin-none': p => '代码为 ' + p.code + ' 时，' + p.name + ' 没有代管上级，而不是 ' + p.parent + ' ' + p.parent_name,
  'parent-legal-other': p => '代码为 ' + p.code + ' 时，' + p.name + ' 的隶属上级是 ' + p.actual + ' ' + p.actual_name + '，而不是 ' + p.parent + ' ' + p.parent_name,
  'parent-legal-none': p => '代码为 ' + p.code + ' 时，' + p.name + ' 没有隶属上级，而不是 ' + p.parent + ' ' + p.parent_name,
  'orphan': p => '停用 ' + p.code + ' 会使 ' + p.child + ' ' + p.child_name + ' 失去上级：请在同一变更中变更其代码或停用它',

  'stale-base': p => '此变更基于版本 ' + p.base + ' 起草，本库没有该版本；请对照版本 ' + p.current + ' 重新审核',
  'stale-touched': p => '变更 ' + p.change + ' 在此变更起草所基于的版本 ' + p.base + ' 之后生效，也改动了 ' + p.code + '：请对照版本 ' + p.current + ' 重新审核',
};

// violationZh explains a broken rule in Chinese from its id and params;
// one whose id it does not know is returned as {text: null, original}.
export function violationZh(v) {
  const f = Object.hasOwn(violationTemplates, v.id || '') ? violationTemplates[v.id] : null;
  return f ? {text: f(v.params || {})} : {text: null, original: v.message};
}
