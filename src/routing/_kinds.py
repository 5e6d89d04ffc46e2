"""The kinds the workbook language names: hit policies, input kinds, outcome kinds and body kinds,
each with its Chinese word."""

from __future__ import annotations

import enum


class HitPolicy(enum.Enum):
    """DMN hit policies: how a table chooses when several rules match."""

    UNIQUE = "U"
    FIRST = "F"
    PRIORITY = "P"
    ANY = "A"
    COLLECT = "C"
    RULE_ORDER = "R"
    OUTPUT_ORDER = "O"

    @property
    def chinese(self) -> str:
        return _HIT_POLICY_ZH[self]

    @property
    def single_hit(self) -> bool:
        return self in {HitPolicy.UNIQUE, HitPolicy.FIRST, HitPolicy.PRIORITY, HitPolicy.ANY}


_HIT_POLICY_ZH = {
    HitPolicy.UNIQUE: "唯一",
    HitPolicy.FIRST: "首条",
    HitPolicy.PRIORITY: "优先",
    HitPolicy.ANY: "任一",
    HitPolicy.COLLECT: "汇总",
    HitPolicy.RULE_ORDER: "规则顺序",
    HitPolicy.OUTPUT_ORDER: "输出顺序",
}


class InputKind(enum.Enum):
    """What an input of a matter holds."""

    AMOUNT = "amount"
    BOOLEAN = "boolean"
    ENUM = "enum"
    SET = "set"
    DATE = "date"
    TEXT = "text"
    NUMBER = "number"

    @property
    def chinese(self) -> str:
        return _INPUT_KIND_ZH[self]


_INPUT_KIND_ZH = {
    InputKind.AMOUNT: "金额",
    InputKind.BOOLEAN: "是否",
    InputKind.ENUM: "枚举",
    InputKind.SET: "多选",
    InputKind.DATE: "日期",
    InputKind.TEXT: "文本",
    InputKind.NUMBER: "数量",
}


class OutcomeKind(enum.Enum):
    """What a rule says happens: a body decides, the text refuses, deems, requires, files or
    permits; or it is silent (a declared gap)."""

    DECISION = "决定"
    REFUSAL = "拒绝"
    DEEMED = "视为"
    PREREQUISITE = "前提"
    FILING = "备案"
    PERMITTED = "允许"
    NO_RULE = "无规则"

    @property
    def id(self) -> str:
        """The stable English id (``refusal``), as ``--json`` shows it."""
        return self.name.lower()

    @property
    def needs_bodies(self) -> bool:
        """Kinds whose outcome is a body or a chain of them (决策机构 required)."""
        return self in {OutcomeKind.DECISION, OutcomeKind.FILING}

    @property
    def needs_result(self) -> bool:
        """Kinds stated in words (结果 required): 拒绝, 视为, 前提, 允许."""
        return self in {
            OutcomeKind.REFUSAL,
            OutcomeKind.DEEMED,
            OutcomeKind.PREREQUISITE,
            OutcomeKind.PERMITTED,
        }


class BodyKind(enum.Enum):
    """What a body is, from the 机构 sheet's 类型 column: a meeting decides collectively."""

    MEETING = "会议"
    LEADER = "领导"
    UNIT = "机构"
    UNSPECIFIED = ""

    @property
    def id(self) -> str:
        return self.name.lower()
