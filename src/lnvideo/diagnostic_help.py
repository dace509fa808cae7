"""The diagnostics catalogue's help texts: what each code means and how to fix it.

Input: the codes of `lnvideo.diagnostics.CATALOGUE` (code -> level, title).
Output: `HELP` (English) and `HELP_ZH` (Chinese), code -> (meaning, fix), which the
diagnostics reference page of the docs renders; `help_for(code, lang)` picks one
language and falls back to English.

Invariant: every catalogue code has an English entry (`missing_help()` is empty;
the docs build warns otherwise, so `sphinx-build -W` fails). A Chinese entry may
be missing; the page then shows the English text marked `lang="en"`.
"""

from __future__ import annotations

from lnvideo.diagnostics import CATALOGUE

__all__ = ["HELP", "HELP_ZH", "TITLES_ZH", "help_for", "missing_help", "title_for"]

#: code -> (what it means, how to fix it), in English. Every CATALOGUE code needs an entry.
HELP: dict[str, tuple[str, str]] = {
    "LNV001": (
        "A line of a JSON Lines file is not valid JSON (a missing quote or comma, a trailing "
        "comma, or two objects on one line).",
        "Open the file at the line named and fix the JSON. Each line holds exactly one object.",
    ),
    "LNV002": (
        "The line is valid JSON but not an object: an array, a string or a number.",
        'Write one object per line, e.g. `{"kind": "site", "id": "S1"}`.',
    ),
    "LNV003": (
        "A record has no `kind`, or one that is not `site`, `camera` or `event`.",
        "Add `kind` with one of the three values; the message suggests the nearest one.",
    ),
    "LNV004": (
        "A required field is missing: `id` on a site or camera, `site` on a camera or "
        "event, `type` or `on` on an event.",
        "Add the field. The record is skipped; the other records are still checked.",
    ),
    "LNV005": (
        'A field has the wrong type, e.g. `retention_days` as a string or `designated` as `"yes"`.',
        "Use the type given in the record reference: numbers unquoted, booleans as "
        "`true`/`false`, lists as JSON arrays.",
    ),
    "LNV006": (
        "A date or datetime cannot be read, or is not a real day (2026-02-30).",
        "Write ISO 8601: `2026-09-05`, or `2026-09-05T10:00:00+08:00`. A datetime "
        "without an offset is read as Beijing time.",
    ),
    "LNV007": (
        "A field that takes one of a fixed set of values has another value "
        "(`place_category`, `builder_kind`, `project_kind`, a camera change).",
        "Use one of the listed values; for a place that fits no category write `other`.",
    ),
    "LNV008": (
        "An event's `type` is not one of the event types the rules know.",
        "Use a known type such as `registration_filed` or `footage_accessed`; the message "
        "suggests the nearest.",
    ),
    "LNV009": (
        "A camera or event names a `site` that is not in the input. It is reported, not "
        "silently dropped.",
        "Include the site's record in the same run, or correct the site id.",
    ),
    "LNV010": (
        "Two records of the same kind have the same `id`.",
        "Give every site, camera and event its own id, or remove the duplicate.",
    ),
    "LNV011": (
        "An input file or directory cannot be opened (missing, no permission, not UTF-8, "
        "or a Parquet file that cannot be read).",
        "Check the path and the file's format.",
    ),
    "LNV012": (
        "A warning: a field name is close to a known one (`conty_code`), so it was "
        "probably misspelled and is being ignored.",
        "Rename the field as suggested. Unknown fields are otherwise kept and ignored.",
    ),
    "LNV013": (
        "A county code is not a six-digit administrative division code written as a string.",
        'Write it as a quoted string of six digits, e.g. `"210102"`.',
    ),
    "LNV014": (
        "A warning: an event carries a field that belongs to another event type (an "
        "`authority` on a `footage_deleted`), which the rules will not read.",
        "Check the event's `type`, or move the field to the event it belongs to.",
    ),
    "LNV015": (
        "A warning: one JSON object gives the same key twice; the last value is used, "
        "as every JSON reader does, but the earlier one was probably meant.",
        "Remove the repeated key from the exporting program's output.",
    ),
    "LNV016": (
        "A warning: a site's `place_category` is a word no loaded rule pack declares "
        "(`pawnshop` under the Measures alone). The field is read as missing, so rules "
        "that need it are `unknown`; the record is still checked.",
        "Load the pack that declares the word (the hint names the bundled one, e.g. "
        "`--rules liaoning_trades`), or correct the word.",
    ),
    "LNV101": (
        "A rule names a field that records do not have (`site.in_use` instead of "
        "`site.in_use_on`).",
        "Use a field from the record reference; the hint suggests the nearest one.",
    ),
    "LNV102": (
        "The rule file does not follow the language's grammar at this point: a keyword "
        "missing or misspelled, an unclosed quote or brace, a date that is not a real date.",
        "Read the caret under the source line and the expected words listed in the "
        "message; compare with the language reference.",
    ),
    "LNV103": (
        "A name (a parameter, set, condition or binding) is used but never defined, or "
        "a function is called that the language does not have (such as `startswith(…)` "
        "for `starts_with(…)`).",
        "Define it, or correct the spelling; the hint suggests the nearest defined name "
        "or function. The functions are listed in the language reference.",
    ),
    "LNV104": (
        "Two rules have the same id. Ids are how findings, examples and overrides refer to rules.",
        "Give each rule its own id. To change another pack's rule, write a new rule "
        "with `overrides` instead of reusing its id.",
    ),
    "LNV105": (
        "Something is defined twice: a parameter, set, condition or interpretation (in "
        "one pack, or differently in two loaded packs, which share these names), a "
        "clause written twice in one rule, or a pack declared twice differently.",
        "Keep one definition, or give your pack's its own name. To add members to "
        "another pack's set, use `extend set`.",
    ),
    "LNV106": (
        "A warning: a parameter or set is defined but no rule uses it.",
        "Use it in a rule, or delete it.",
    ),
    "LNV107": (
        "A rule file cannot be read, or the paths given contain no `.lnv` file.",
        "Check the path and that the file is UTF-8 text.",
    ),
    "LNV108": (
        "A value is compared with a field that can never hold it "
        "(`site.place_category in {mall, shoping_centre}`).",
        "Use one of the field's allowed values; the hint suggests the nearest.",
    ),
    "LNV109": (
        "A rule or example names an event type the records never have.",
        "Use a known event type; the hint suggests the nearest.",
    ),
    "LNV110": (
        "A `{...}` placeholder in a message is not a field of the rule's subject, or "
        "`{due}` is used in a rule that has no deadline.",
        "Use `{site.field}`, `{camera.field}`, `{event.field}` or `{due}` as the rule allows.",
    ),
    "LNV111": (
        "A rule `interprets` an interpretation that no loaded pack defines.",
        'Define it with `interpretation NAME en "..." zh "..."`, or correct the name.',
    ),
    "LNV201": (
        "The two sides of a comparison or condition have different types (a date "
        "compared with a number), or an override is about a different subject than "
        "the rule it replaces.",
        "Compare like with like; an override must check the same kind of subject.",
    ),
    "LNV202": (
        "A rule `overrides` an id that no loaded pack defines.",
        "Correct the id, and load the base pack together with yours.",
    ),
    "LNV203": (
        "Two rules override the same rule from packs of the same precedence, or an "
        "override's pack is not of higher precedence than the base pack: which one wins "
        "would depend on file order, which lnvideo never allows.",
        "Declare `precedence N` in the overriding pack's header with a larger N.",
    ),
    "LNV204": (
        "A warning: a rule's `applies when` condition can never be true, so the rule "
        "would always be not applicable.",
        "Check the condition for a contradiction or an impossible value.",
    ),
    "LNV205": (
        "A rule uses a field of a subject it is not about (`camera.place` in a rule on "
        "sites, `event.by` in a rule on another event type).",
        "Check the rule's `on` clause, or use a field of that subject.",
    ),
    "LNV206": (
        "A rule that can be violated has no `message`, so a finding would have nothing to say.",
        'Add `message en "..."` and `message zh "..."`.',
    ),
    "LNV207": (
        "A rule or example is incomplete: a rule without `on`, a requirement or a "
        "citation; a citation of (or an `article` past) the last article the pack's "
        "`source ends at article N` says our source has; an example without `as of`, or "
        "an expectation about a record the example does not define.",
        "Add the missing clause; the message names it.",
    ),
    "LNV208": (
        "The loaded packs must have exactly one scope rule (`in scope when`); there is "
        "none, or more than one.",
        "Load the bundled Measures pack with your local pack (it defines LN-3), and do "
        "not write another scope rule.",
    ),
    "LNV209": (
        "A period uses a unit that does not fit where it is used, e.g. hours for a "
        "deadline counted in days.",
        "Use days, working days, months or years for dates; hours only for instants.",
    ),
    "LNV210": (
        "A warning: a rule has no example, so nothing shows that it does what was meant.",
        "Write an example with `expect` lines for the rule and run `lnvideo test`.",
    ),
    "LNV211": (
        "`extend set NAME` names a set that no loaded pack defines.",
        "Correct the name; the hint suggests the nearest set. Load the base pack too.",
    ),
    "LNV212": (
        "A pack header states an entry twice (two `effective` dates, two `precedence` "
        "values), or no loaded pack states its `effective` date.",
        "Keep one of each entry in the header; the base pack must say `effective DATE`.",
    ),
    "LNV301": (
        "A count of days needed a year the working-day calendar does not cover. The "
        "answer is never guessed: the finding is unknown and names the year.",
        "Load the year's calendar with `--calendar FILE` (see How time is counted).",
    ),
    "LNV302": (
        "A calendar file is not valid TOML or does not follow the calendar format.",
        "Fix the line named in the message; see the calendar file format.",
    ),
    "LNV303": (
        "A period could not be read (`lnvideo deadline --days -3`, or text like `30 d`).",
        "Write a whole number and a unit: `30 days`, `3 working days`, `1 year`, `30日`.",
    ),
    "LNV401": (
        "A command-line argument is wrong: a bad date, an unknown format or language, "
        "or a missing input.",
        "Read `lnvideo COMMAND --help`.",
    ),
    "LNV402": (
        "The chosen bulk engine cannot express a construct used by a rule. Engines never "
        "approximate: they refuse.",
        "Run with `--engine python`, or simplify the rule.",
    ),
    "LNV403": (
        "The chosen engine is not installed (`--engine spark` without pyspark and Java).",
        "Install the extra (`pip install lnvideo[spark]`) or use `--engine python`.",
    ),
}


#: code -> (what it means, how to fix it), in Chinese.
HELP_ZH: dict[str, tuple[str, str]] = {
    "LNV001": (
        "JSON Lines 文件的某一行不是合法的 JSON（缺少引号或逗号、多余的逗号，或一行写了两个对象）。",
        "打开所指文件的该行修正 JSON。每行只写一个对象。",
    ),
    "LNV002": (
        "该行是合法 JSON，但不是对象，而是数组、字符串或数字。",
        '每行写一个对象，例如 `{"kind": "site", "id": "S1"}`。',
    ),
    "LNV003": (
        "记录没有 `kind`，或其值不是 `site`、`camera`、`event` 之一。",
        "加上 `kind` 并取三者之一；消息会提示最接近的值。",
    ),
    "LNV004": (
        "缺少必填字段：场所或摄像机的 `id`，摄像机或事件的 `site`，事件的 `type` 或 `on`。",
        "补上该字段。该记录被跳过，其他记录照常检查。",
    ),
    "LNV005": (
        '字段类型不对，例如 `retention_days` 写成字符串、`designated` 写成 `"yes"`。',
        "按记录参考中的类型填写：数字不加引号，布尔值写 `true`/`false`，列表写成 JSON 数组。",
    ),
    "LNV006": (
        "日期或时刻无法读取，或不是真实存在的日期（2026-02-30）。",
        "按 ISO 8601 书写：`2026-09-05` 或 `2026-09-05T10:00:00+08:00`。不带时区偏移的时刻按北京时间读取。",
    ),
    "LNV007": (
        "取固定值之一的字段（`place_category`、`builder_kind`、`project_kind`、摄像机变更类型）填了其他值。",
        "使用所列取值之一；不属于任何类别的场所填 `other`。",
    ),
    "LNV008": (
        "事件的 `type` 不是规则所知的事件类型。",
        "使用已知类型，如 `registration_filed` 或 `footage_accessed`；消息会提示最接近的类型。",
    ),
    "LNV009": (
        "摄像机或事件所写的 `site` 不在输入中。此类记录会被报告，不会被悄悄丢弃。",
        "在同一次运行中提供该场所的记录，或更正场所编号。",
    ),
    "LNV010": (
        "同一种类的两条记录 `id` 相同。",
        "为每个场所、摄像机和事件使用不同的编号，或删除重复记录。",
    ),
    "LNV011": (
        "输入文件或目录无法打开（不存在、无权限、不是 UTF-8，或 Parquet 文件无法读取）。",
        "检查路径和文件格式。",
    ),
    "LNV012": (
        "警告：某字段名与已知字段名相近（`conty_code`），很可能拼错，因此被忽略。",
        "按提示改名。其他未知字段保留但不读取。",
    ),
    "LNV013": (
        "县级行政区划代码不是以字符串书写的六位数字。",
        '写成带引号的六位数字字符串，例如 `"210102"`。',
    ),
    "LNV014": (
        "警告：事件带有属于其他事件类型的字段（如 `footage_deleted` 上的 `authority`），规则不会读取。",
        "检查事件的 `type`，或把该字段移到所属的事件上。",
    ),
    "LNV015": (
        "警告：同一个 JSON 对象中同一键出现两次；按惯例取后一个值，但前一个值可能才是本意。",
        "从导出程序的输出中删去重复的键。",
    ),
    "LNV016": (
        "警告：场所的 `place_category` 取值未被任何已加载的规则包声明（如仅加载办法时的 "
        "`pawnshop`）。该字段按缺失处理，需要它的规则结论为“未知”；记录仍会检查。",
        "加载声明该取值的规则包（提示会给出内置规则包，如 `--rules liaoning_trades`），或更正取值。",
    ),
    "LNV101": (
        "规则使用了记录没有的字段（如把 `site.in_use_on` 写成 `site.in_use`）。",
        "使用记录参考中的字段；提示会给出最接近的字段。",
    ),
    "LNV102": (
        "规则文件在此处不符合语言的语法：缺少或拼错关键字、引号或括号未闭合、日期不是真实日期。",
        "阅读源代码行下方的指示记号和消息中列出的预期词，对照语言参考。",
    ),
    "LNV103": (
        "使用了未定义的名称（参数、集合、条件或绑定名），或调用了语言中没有的函数（例如把 `starts_with(…)` 写成 `startswith(…)`）。",
        "定义它，或更正拼写；提示会给出最接近的已定义名称或函数。可用的函数见语言参考。",
    ),
    "LNV104": (
        "两条规则编号相同。结论、示例和替代都通过编号引用规则。",
        "为每条规则使用不同编号。要改变另一规则包的规则，写一条带 `overrides` 的新规则，而不是重用其编号。",
    ),
    "LNV105": (
        "某项被定义了两次：参数、集合、条件或解释（在同一规则包内，或在两个已载入的规则包中定义不同，这些名称为各规则包共用），同一规则中重复的子句，或两次不同的规则包声明。",
        "只保留一个定义，或为本规则包的定义另起名称。要给另一规则包的集合增加成员，使用 `extend set`。",
    ),
    "LNV106": ("警告：定义了参数或集合但没有规则使用。", "在规则中使用它，或删除它。"),
    "LNV107": (
        "规则文件无法读取，或所给路径中没有 `.lnv` 文件。",
        "检查路径，并确认文件是 UTF-8 文本。",
    ),
    "LNV108": (
        "与字段比较的值是该字段不可能取到的（`site.place_category in {mall, shoping_centre}`）。",
        "使用该字段允许的取值；提示会给出最接近的值。",
    ),
    "LNV109": (
        "规则或示例使用了记录中不会出现的事件类型。",
        "使用已知的事件类型；提示会给出最接近的类型。",
    ),
    "LNV110": (
        "消息中的 `{...}` 占位符不是规则检查对象的字段，或在没有期限的规则中使用了 `{due}`。",
        "按规则允许的范围使用 `{site.字段}`、`{camera.字段}`、`{event.字段}` 或 `{due}`。",
    ),
    "LNV111": (
        "规则 `interprets` 了任何已载入规则包都没有定义的解释。",
        '用 `interpretation 名称 en "..." zh "..."` 定义它，或更正名称。',
    ),
    "LNV201": (
        "比较或条件两边的类型不同（日期与数字比较），或替代规则的检查对象与被替代规则不同。",
        "同类相比；替代规则必须检查同一种对象。",
    ),
    "LNV202": (
        "规则 `overrides` 的编号在已载入的规则包中不存在。",
        "更正编号，并把基础规则包与你的规则包一同载入。",
    ),
    "LNV203": (
        "两个同一优先级的规则包替代同一条规则，或替代规则包的优先级不高于基础规则包：谁胜出将取决于文件顺序，lnvideo 绝不允许这样。",
        "在替代规则包的头部声明更大的 `precedence N`。",
    ),
    "LNV204": (
        "警告：规则的 `applies when` 条件永远不可能为真，规则将始终不适用。",
        "检查条件中是否有矛盾或不可能的取值。",
    ),
    "LNV205": (
        "规则使用了不属于其检查对象的字段（在场所规则中用 `camera.place`，在其他事件类型的规则中用 `event.by`）。",
        "检查规则的 `on` 子句，或使用该对象的字段。",
    ),
    "LNV206": (
        "可能被违反的规则没有 `message`，结论将无话可说。",
        '加上 `message en "..."` 和 `message zh "..."`。',
    ),
    "LNV207": (
        "规则或示例不完整：规则缺少 `on`、要求或引用；引用（或 `article`）超出规则包 `source ends at article N` 所述资料的最后一条；示例缺少 `as of`，或预期涉及示例未定义的记录。",
        "补上缺少的子句；消息会指明是哪一个。",
    ),
    "LNV208": (
        "已载入的规则包必须恰有一条适用范围规则（`in scope when`）；现在没有或多于一条。",
        "把自带的办法规则包（定义了 LN-3）与你的规则包一同载入，不要再写适用范围规则。",
    ),
    "LNV209": (
        "期间使用了不适合此处的单位，例如按日计算的期限用了小时。",
        "日期用日、工作日、月或年；小时只用于时刻。",
    ),
    "LNV210": (
        "警告：规则没有示例，无法表明它按本意工作。",
        "写一个带 `expect` 行的示例，并运行 `lnvideo test`。",
    ),
    "LNV211": (
        "`extend set 名称` 所指的集合在已载入的规则包中不存在。",
        "更正名称（提示会给出最接近的集合），并一同载入基础规则包。",
    ),
    "LNV212": (
        "规则包头部某条目写了两次（两个 `effective` 日期、两个 `precedence`），或没有任何已载入的规则包写明 `effective` 日期。",
        "头部每个条目只写一次；基础规则包必须写明 `effective 日期`。",
    ),
    "LNV301": (
        "计算日数需要工作日日历未覆盖的年份。答案绝不猜测：结论为未知，并写明缺少的年份。",
        "用 `--calendar FILE` 载入该年的日历（见“期间如何计算”）。",
    ),
    "LNV302": (
        "日历文件不是合法的 TOML，或不符合日历文件格式。",
        "修正消息所指的行；见日历文件格式。",
    ),
    "LNV303": (
        "期间无法读取（`lnvideo deadline --days -3`，或 `30 d` 这样的文本）。",
        "写一个整数和一个单位：`30 days`、`3 working days`、`1 year`、`30日`。",
    ),
    "LNV401": (
        "命令行参数有误：日期错误、格式或语言未知，或缺少输入。",
        "阅读 `lnvideo 命令 --help`。",
    ),
    "LNV402": (
        "所选的批量引擎无法表达规则中的某个结构。引擎绝不近似处理，而是拒绝。",
        "用 `--engine python` 运行，或简化规则。",
    ),
    "LNV403": (
        "所选引擎未安装（没有 pyspark 和 Java 时使用 `--engine spark`）。",
        "安装相应附加依赖（`pip install lnvideo[spark]`），或使用 `--engine python`。",
    ),
}

#: code -> the catalogue's one-line title, in Chinese.
TITLES_ZH: dict[str, str] = {
    "LNV001": "行无法被识别为 JSON",
    "LNV002": "记录不是 JSON 对象",
    "LNV003": "记录种类缺失或未知",
    "LNV004": "缺少必填字段",
    "LNV005": "字段类型错误",
    "LNV006": "日期或时刻有误",
    "LNV007": "取值不在允许范围内",
    "LNV008": "事件类型未知",
    "LNV009": "记录所指场所不在输入中",
    "LNV010": "记录编号重复",
    "LNV011": "无法读取输入文件",
    "LNV012": "字段名疑似拼写错误",
    "LNV013": "行政区划代码有误",
    "LNV014": "字段属于其他事件类型",
    "LNV015": "JSON 键重复",
    "LNV016": "取值未被已加载的规则包声明",
    "LNV101": "未知字段",
    "LNV102": "语法错误",
    "LNV103": "未知名称",
    "LNV104": "规则编号重复",
    "LNV105": "重复定义",
    "LNV106": "参数或集合未被使用",
    "LNV107": "无法读取规则文件",
    "LNV108": "该字段没有这个取值",
    "LNV109": "事件类型未知",
    "LNV110": "消息占位符有误",
    "LNV111": "未知解释",
    "LNV201": "类型不匹配",
    "LNV202": "替代的规则不存在",
    "LNV203": "同一优先级的替代相冲突",
    "LNV204": "规则永远不会适用",
    "LNV205": "此检查对象没有该字段",
    "LNV206": "缺少消息",
    "LNV207": "示例有误",
    "LNV208": "适用范围规则缺失或多于一条",
    "LNV209": "此处不允许该单位",
    "LNV210": "规则没有示例",
    "LNV211": "扩充的集合不存在",
    "LNV212": "规则包头部条目缺失或重复",
    "LNV301": "日历未覆盖该年份",
    "LNV302": "日历文件格式有误",
    "LNV303": "期间有误",
    "LNV401": "命令行参数有误",
    "LNV402": "此引擎不支持该结构",
    "LNV403": "引擎不可用",
}


def help_for(code: str, lang: str = "en") -> tuple[str, str, str]:
    """(meaning, fix, language of the text) for `code`; English where no `lang` entry exists.

    Example:
        >>> help_for("LNV101")[2]
        'en'
        >>> help_for("LNV999")
        ('', '', 'en')
    """
    if lang == "zh" and code in HELP_ZH:
        meaning, fix = HELP_ZH[code]
        return meaning, fix, "zh"
    meaning, fix = HELP.get(code, ("", ""))
    return meaning, fix, "en"


def title_for(code: str, lang: str = "en") -> tuple[str, str]:
    """(title, language of the title) of a catalogue code: Chinese where known, else English.

    Example:
        >>> title_for("LNV101", "zh")
        ('未知字段', 'zh')
        >>> title_for("LNV101")
        ('unknown field', 'en')
    """
    if lang == "zh" and code in TITLES_ZH:
        return TITLES_ZH[code], "zh"
    return CATALOGUE.get(code, (None, ""))[1], "en"


def missing_help() -> list[str]:
    """Catalogue codes that have no English help entry (a docs build warns about each).

    Example:
        >>> missing_help()
        []
    """
    return [code for code in CATALOGUE if code not in HELP]
