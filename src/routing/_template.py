"""A fresh workbook for a new jurisdiction: instructions, common bodies, one example table, tests,
an example 时限 row and an empty 节假日 sheet.

Built from ``SheetSpec`` rows and written with ``write_workbook`` (frozen headers, widths,
dropdowns for hit policies, bodies and basis), so it opens pleasantly in Excel and loads clean.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from routing._deadline_sheets import DEADLINE_COLUMNS
from routing._errors import InputError
from routing._model import ID_PATTERN
from routing._writer import SheetSpec, write_workbook

if TYPE_CHECKING:
    from pathlib import Path

    from routing._reader import CellValue

INSTRUCTIONS_SHEET = "填写说明"

# (id, name with {s} for 县/区, English name, rank, aliases, 类型) — ids from VOCABULARY.md.
_BODIES = (
    ("party_committee", "{s}委", "Local party committee", 100, "", "机构"),
    ("party_group", "{s}人民政府党组会议", "Party group meeting", 90, "党组会议", "会议"),
    ("plenary", "{s}人民政府全体会议", "Plenary meeting", 85, "全体会议", "会议"),
    ("standing_meeting", "{s}人民政府常务会议", "Standing meeting", 80, "常务会议", "会议"),
    ("head", "{s}长", "Government head", 70, "", "领导"),
    ("executive_deputy", "常务副{s}长", "Executive deputy head", 60, "", "领导"),
    ("topic_meeting", "{s}人民政府专题会议", "Topic meeting", 55, "专题会议", "会议"),
    ("deputy_in_charge", "分管副{s}长", "Deputy head in charge", 50, "分管领导", "领导"),
    ("deputy_head", "副{s}长", "Deputy head", 50, "", "领导"),
    ("office_director", "{s}人民政府办公室主任", "Office director", 40, "办公室主任", "领导"),
    ("office_deputy_director", "{s}人民政府办公室副主任", "Office deputy director", 35, "", "领导"),
    ("government_office", "{s}人民政府办公室", "Government office", 30, "办公室", "机构"),
    ("department_principal", "部门主要负责人", "Department principal", 20, "", "领导"),
    ("department", "{s}人民政府各部门", "Departments", 10, "各部门", "机构"),
)

INSTRUCTION_ROWS: tuple[tuple[str, str, str], ...] = (
    ("主题", "说明", "示例"),
    (
        "工作簿",
        (
            "每个辖区一个工作簿。「说明」表写辖区编号和文件;「机构」表列出所有决策机构;"
            "「事项」表列出事项及其输入;每个事项一张决策表;「测试」表写例子及期望结果。"
        ),
        "",
    ),
    (
        "金额",
        (
            "以元为单位的精确数额,可带万、亿、元和千位分隔符,也可写中文数字或大写数字"
            "(拾佰仟萬億圆角分)、整、￥、RMB、人民币。单元格中的数字按元计算。"
        ),
        "200000、20万元、1,500万、1.5亿、二十万元、贰拾万元整、￥300,000.00",
    ),
    (
        "范围",
        (
            "按文件原文写。以上、以下、以内含本数;不满、超过、低于、高于不含本数"
            "(《民法典》第一千二百五十九条)。「-」表示不限。"
        ),
        "20万元及以下;20万元以下(含);超过20万元;1000万元以上(含本数);20万元(不含)至1000万元(含);-",
    ),
    ("是否", "是/否、Y/N、√/×,「-」表示不限。", "是"),
    (
        "决策机构与流程",
        "写机构编号或「机构」表中的名称;多个步骤用 → 连接,括号内写动作,最后一步为决定机构。",
        "分管副县长(审核) → 县长(审批)",
    ),
    (
        "命中策略",
        (
            "多条规则同时适用时如何选择:唯一(不得重叠)、首条、优先(级别高者)、任一、"
            "汇总、规则顺序、输出顺序。在决策表第二行的下拉列表中选择。"
        ),
        "唯一",
    ),
    (
        "文本未规定",
        "文件未规定的情形在「决策机构」中写「无规则」,并在「说明」中写明原因。",
        "无规则",
    ),
    (
        "结果类型",
        (
            "结果不是由某个机构决定时,在「结果类型」中写:拒绝(不得提请、不予安排上会)、视为(逾期视为无不同意见)、"
            "前提(须先经合法性审查)、备案(「决策机构」写备案机关)、允许(如字数未超过限额);并在「结果」中"
            "用原文的话写明结果。不填即为「决定」。查询到「拒绝」时命令以退出码1结束。"
        ),
        "拒绝 | 结果:会前未经协调的事项,不得提请会议研究",
    ),
    (
        "允许重叠",
        (
            "原文本身让同一情形适用两条规则时(如恰好1000万元既属常务会议「至1000万元(含)」又属党组会议"
            "「1000万元(含)以上」),在其中一行的「允许重叠」写另一行的编号,可在括号中写明重叠的金额,"
            "并在「说明」中引用条款说明理由;写「全部」表示本行是凌驾全表的例外。未声明而改变结果的重叠,"
            "检查时会给出警告;声明了但已不再重叠的,也会警告。"
        ),
        "R3(1000万元) | 说明:第四十条(七)与第四十一条(十一)在恰好1000万元处重叠",
    ),
    ("依据", "「明文」表示原文直接规定;「推断」表示由本表推断,须在「说明」中写明理由。", "明文"),
    (
        "测试",
        "「测试」表每行一个例子:事项、输入(名称=值,用分号分隔)、期望的机构编号或「无规则」。",
        "fund_adjustment | amount=20万 | head",
    ),
    (
        "时限",
        (
            "「时限」表每行一条期限:事项、条件(名称=值,「-」不限)、起算日期的输入、方向(前/后)、"
            "期限和单位(工作日/日/小时)、后果、条款和原文。多行适用时取第一行,具体的行写在前面。"
            "「事项名称」写事项的中文名称,「输入名称」写各输入的中文名称(编号=名称,用「、」分隔),"
            "「取值名称」写条件取值的中文名称;查询时写中文名称或编号均可。"
            "「适用会议」填会议的机构编号,留空表示所有会议。「阶段」填 准备、会前 或 会后 的行属于会议程序,"
            "随每个上会事项一并列出;留空的行只在单独查询期限时给出。"
        ),
        "topic_submission | 会前报送 | - | meeting_date | 前 | 3 | 日 | | meeting_date=会议日期",
    ),
    (
        "节假日",
        (
            "工作日按国务院公布的节假日安排计算。「节假日」表可增补或更正日期:"
            "类型写「假日」或「调休上班」。尚未公布安排的年份会给出警告。"
        ),
        "2027-01-01 | 假日 | 元旦",
    ),
    (
        "检查",
        (
            "保存后运行 routing check 文件.xlsx,会指出错误的单元格和重叠的规则;"
            "运行 routing test 文件.xlsx,逐行核对「测试」表。打印时每张表按 A4 横向排成一页宽。"
        ),
        "routing check 勐腊县工作规则.xlsx",
    ),
)


def _level(name: str) -> str:
    return "区" if name.endswith("区") else "县"


def template_sheets(jurisdiction: str, name: str = "") -> list[SheetSpec]:
    """The sheets of a new workbook for ``jurisdiction`` (an id such as ``mengla``)."""
    level = _level(name)
    display = name or jurisdiction
    about: list[tuple[CellValue, ...]] = [
        ("辖区编号", jurisdiction),
        ("辖区名称", display),
        ("文件名称", f"{display}人民政府工作规则"),
        ("文号", ""),
        ("生效日期", ""),
        ("文本状态", "新建模板:请按文件原文填写各表,并删除示例。"),
        (),
        ("填写说明", f"见「{INSTRUCTIONS_SHEET}」表。"),
    ]
    bodies: list[tuple[CellValue, ...]] = [("编号", "名称", "英文名称", "级别", "别名", "类型")]
    bodies += [
        (i, n.format(s=level), en, rank, alias, kind) for i, n, en, rank, alias, kind in _BODIES
    ]
    head, standing = f"{level}长", f"{level}人民政府常务会议"
    matters: list[tuple[CellValue, ...]] = [
        ("事项编号", "事项名称", "输入编号", "输入名称", "类型", "取值", "必填", "说明"),
        ("fund_adjustment", "资金调整", "amount", "金额", "金额", "", "是", "单笔资金支出(元)"),
    ]
    table: list[tuple[CellValue, ...]] = [
        ("事项", "fund_adjustment"),
        ("命中策略", "唯一"),
        (),
        ("编号", "金额", "决策机构", "条款", "原文", "说明", "依据"),
        (
            "R1",
            "20万元及以下",
            f"分管副{level}长(审核) → {head}(审批)",
            "示例条款",
            f"20万元及以下单笔资金支出由{head}审批",
            "示例:请替换为文件原文",
            "明文",
        ),
        (
            "R2",
            "20万元(不含)至1000万元(含)",
            standing,
            "示例条款",
            "20万元至1000万元(含1000万元)的资金使用事项由常务会议研究决定",
            "",
            "明文",
        ),
        (
            "R3",
            "超过1000万元",
            "党组会议",
            "示例条款",
            "1000万元以上的资金使用事项由党组会议研究决定",
            "",
            "明文",
        ),
    ]
    tests: list[tuple[CellValue, ...]] = [
        ("事项", "输入", "期望", "说明"),
        ("fund_adjustment", "amount=20万", "head", "恰好20万元:及以下含本数"),
        ("fund_adjustment", "amount=200000.01", "standing_meeting", "20万元高一分"),
        ("fund_adjustment", "amount=1000万", "standing_meeting", "恰好1000万元"),
        ("fund_adjustment", "amount=10000000.01", "party_group", "1000万元高一分"),
    ]
    deadlines: list[tuple[CellValue, ...]] = [
        DEADLINE_COLUMNS,
        (
            "topic",
            "topic_submission",
            "会前报送",
            "-",
            "meeting_date",
            "前",
            3,
            "日",
            "",
            "meeting_date=会议日期",
            "",
            "",
            "示例条款",
            "议题材料应于会议召开前3日报送",
            "示例:请替换为文件原文",
            "",
            "会前",
        ),
    ]
    holidays: list[tuple[CellValue, ...]] = [("日期", "类型", "说明")]
    tests.append(
        ("会前报送", "会议日期=2026-10-09", "2026-09-30", "示例:跨国庆假期;事项、输入可写中文名称")
    )
    return [
        SheetSpec("说明", tuple(about)),
        SheetSpec(INSTRUCTIONS_SHEET, INSTRUCTION_ROWS),
        SheetSpec("机构", tuple(bodies)),
        SheetSpec("事项", tuple(matters)),
        SheetSpec("资金调整", tuple(table)),
        SheetSpec("测试", tuple(tests)),
        SheetSpec("时限", tuple(deadlines)),
        SheetSpec("节假日", tuple(holidays)),
    ]


def new_workbook(jurisdiction: str, path: Path, *, name: str = "", force: bool = False) -> Path:
    """Write a new workbook for ``jurisdiction`` to ``path``; an existing file needs ``force``."""
    if not ID_PATTERN.match(jurisdiction):
        # A clerk's first try is the Chinese name: say where that goes (--name, 辖区名称).
        chinese = any(ord(ch) > 0x2E80 for ch in jurisdiction)
        hint = f";中文名称「{jurisdiction}」请写在 --name(辖区名称)" if chinese else ""
        hint_en = (
            f"; the Chinese name {jurisdiction!r} goes in --name (辖区名称)" if chinese else ""
        )
        raise InputError(
            "jurisdiction.bad_id",
            f"辖区编号「{jurisdiction}」应为小写英文、数字和下划线,如 mengla(拼音){hint}",
            f"the jurisdiction id {jurisdiction!r} must be lower-case snake_case, e.g. mengla"
            f"{hint_en}",
        )
    if path.suffix.lower() != ".xlsx":
        raise InputError(
            "new.suffix", f"输出文件应以 .xlsx 结尾:{path}", f"{path} must end in .xlsx"
        )
    # publish refuses an existing file (output.exists) unless force, checked as the file is linked.
    return write_workbook(template_sheets(jurisdiction, name), path, force=force)
