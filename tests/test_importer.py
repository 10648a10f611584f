"""Tests of the importer: the five real banks, every kind of bad input, duplicates, drafts and the CLI."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide.bank.drafts import import_command, render_draft
from guide.bank.duplicates import group_duplicates
from guide.bank.importer import parse_bank
from guide.bank.records import Bank, Problem, Question
from guide.page import fences

ROOT = Path(__file__).resolve().parents[1]
BANKS = ROOT / "banks"
SAMPLES = Path(__file__).parent / "banks"
COUNTS = {
    "000_2f47acf39e7ddc0b.txt": 40,
    "001_e85bebc7ad60f372.txt": 30,
    "002_5a2fa0e8d3c5d094.txt": 30,
    "003_59a6fc3ed63bac1f.txt": 30,
    "004_90fac3cc925df2e1.txt": 26,
}


@pytest.fixture(scope="module")
def banks() -> dict[str, Bank]:
    """The five real banks, parsed once."""
    return {name: parse_bank((BANKS / name).read_bytes(), name) for name in COUNTS}


@pytest.fixture(scope="module")
def real(banks: dict[str, Bank]) -> dict[str, Question]:
    """Every real question by ``"000#12"``."""
    return {f"{name[:3]}#{q.number}": q for name, bank in banks.items() for q in bank.questions}


def parse(text: str) -> Bank:
    return parse_bank(text, "t.txt")


def messages(bank: Bank) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in bank.problems]


# --- the real banks --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "count"), COUNTS.items())
def test_real_bank_counts(banks: dict[str, Bank], name: str, count: int) -> None:
    bank = banks[name]
    assert len(bank.questions) == count
    assert [q.number for q in bank.questions] == list(range(1, count + 1))
    assert all(q.title and q.answer and q.file == name for q in bank.questions)


def test_real_banks_have_one_problem_the_truncated_last_fence(banks: dict[str, Bank]) -> None:
    problems = [str(p) for bank in banks.values() for p in bank.problems]
    assert problems == [
        "004_90fac3cc925df2e1.txt:706: 代码块没有结束标记（``` 没有配对），已读到下一道题或文件末尾为止"
    ]


def test_000_4_answer_has_its_python_code(real: dict[str, Question]) -> None:
    q = real["000#4"]
    assert q.title == "请描述如何在深度学习中实现注意力机制。"
    assert q.question == "请描述如何在深度学习中实现注意力机制，并给出一个简单的实现示例。"
    assert [(c.lang, c.line) for c in q.code] == [("python", 43)]
    assert q.code[0].source.startswith(
        "import tensorflow as tf\n\ndef attention mechanism(input_sequence, hidden_size):"
    )
    assert q.code[0].source.endswith("    return attended_sequence")
    assert "```python" in q.answer
    assert q.explanation.startswith("这个示例使用 TensorFlow 实现了一个简单的自注意力机制。")


def test_000_31_keeps_the_todo_fence_in_the_question_and_the_solution_in_the_answer(real: dict[str, Question]) -> None:
    q = real["000#31"]
    assert q.line == 293
    assert "# TODO: 实现注意力权重计算和加权输出" in q.question
    assert q.answer.startswith("```python") and "tf.reduce_sum(hidden_state * input_sequence" in q.answer
    assert [c.line for c in q.code] == [297, 310]


def test_004_1_has_answer_and_explanation_without_a_question_label(real: dict[str, Question]) -> None:
    q = real["004#1"]
    assert q.title == q.question == "卷积神经网络（CNN）的核心原理是什么？"
    assert q.answer.startswith("卷积神经网络（CNN）的核心原理包括卷积层、池化层和全连接层。")
    assert q.explanation.startswith("CNN能够自动地从图像中学习特征")
    assert q.code[0].lang == "python" and "tf.keras.layers.Conv2D(32" in q.code[0].source


def test_002_1_item_title_and_combined_answer(real: dict[str, Question]) -> None:
    q = real["002#1"]
    assert q.title == "如何实现一个注意力机制模型，以提升深度学习模型的性能？"
    assert q.line == 7
    assert q.answer.startswith("注意力机制是一种深度学习中的技术")  # **答案解析：** is the answer
    assert "1. **特征提取**：首先从输入数据中提取特征。" in q.answer
    assert "def attention Mechanism(inputs, hidden_size):" in q.code[0].source


def test_closing_sections_are_not_questions(real: dict[str, Question]) -> None:
    last = real["002#30"]
    assert "总结" not in last.answer and "附录" not in last.answer and "结语" not in last.answer
    assert last.answer.rstrip().endswith("```")


def test_other_labels_become_sections(real: dict[str, Question]) -> None:
    labels = [label for label, _ in real["003#1"].sections]
    assert labels == ["举例", "源代码实例"]
    sections = dict(real["001#1"].sections)
    assert "\\[公式：Accuracy = \\frac{TP + TN}{TP + TN + FP + FN}\\]" in sections["具体指标解释"]
    assert "| 正例 | 正确 |" in sections["示例代码"]


def test_to_dict_is_json_ready(real: dict[str, Question]) -> None:
    record = json.loads(json.dumps(real["003#1"].to_dict(), ensure_ascii=False))
    assert record["source"] == "003_59a6fc3ed63bac1f.txt#1"
    assert record["number"] == 1 and record["line"] == 7
    assert record["code"][0]["lang"] == "python"
    assert record["sections"][0] == {"label": "举例", "text": real["003#1"].sections[0][1]}


# --- the sample banks and each kind of bad input ----------------------------------------------------


def test_sample_bank_mixes_every_format() -> None:
    bank = parse_bank((SAMPLES / "mixed.txt").read_bytes(), "mixed.txt")
    assert bank.problems == ()
    assert [(q.number, q.title) for q in bank.questions] == [
        (1, "请解释什么是注意力机制？"),
        (2, "请解释自注意力（self-attention）的概念。"),
        (3, "实现一个简单的注意力机制"),
        (4, "注意力机制如何帮助模型处理长文本？"),
    ]
    first, second, third, fourth = bank.questions
    assert "| 打分 | 相关性 |" in first.explanation and "\\[公式" in first.explanation
    assert second.question.startswith("请解释自注意力的概念") and second.sections == (("举例", "机器翻译中的编码器。"),)
    assert [c.source.splitlines()[0] for c in third.code] == ["def attention(q, k, v):", "import numpy as np"]
    assert "# 1. 打分" in third.code[1].source  # a numbered comment inside a fence is code, not a question
    assert fourth.answer.endswith("2. **并行计算**：所有位置同时计算。")
    assert "附录" not in fourth.answer


def test_sample_broken_bank_reports_each_problem_and_keeps_every_question() -> None:
    bank = parse_bank((SAMPLES / "broken.txt").read_bytes(), "broken.txt")
    assert [(q.number, q.title) for q in bank.questions] == [
        (1, "第一题"),
        (2, "没有答案的题"),
        (2, "重复的题号"),
        (5, "跳过了题号"),
    ]
    assert [str(p) for p in bank.problems] == [
        "broken.txt:7: 第 2 题没有答案（找不到“答案”标签）",
        "broken.txt:11: 题号重复：第 2 题已在第 7 行出现",
        "broken.txt:15: 代码块没有结束标记（``` 没有配对），已读到下一道题或文件末尾为止",
        "broken.txt:18: 题号跳跃：第 2 题之后是第 5 题，缺少第 3–4 题",
    ]
    assert bank.questions[2].code[0].source == "x = 1"
    assert bank.questions[3].answer == "第五题的答案。"


GOOD = "### 1. 甲\n\n**题目：** 问甲\n\n**答案：** 答甲\n\n### 2. 乙\n\n**答案：** 答乙\n"


def test_crlf_and_bom_change_nothing() -> None:
    plain = parse(GOOD)
    for data in (GOOD.replace("\n", "\r\n").encode(), ("\ufeff" + GOOD).encode(), "\ufeff" + GOOD.replace("\n", "\r")):
        bank = parse_bank(data, "t.txt")
        assert bank.questions == plain.questions and bank.problems == ()


def test_full_width_digits_colons_and_periods() -> None:
    text = (
        "### １． 甲\n\n**题目**：问\n\n**答案：**答\n\n"
        "#### ２、 乙\n\n**答案 ：** 答乙\n\n"
        "**题目３：** 丙\n\n**答案:**答丙\n"
    )
    bank = parse(text)
    assert bank.problems == ()
    assert [(q.number, q.title, q.answer) for q in bank.questions] == [
        (1, "甲", "答"),
        (2, "乙", "答乙"),
        (3, "丙", "答丙"),
    ]
    assert bank.questions[0].question == "问"


def test_unterminated_fence_in_the_middle() -> None:
    text = (
        "### 1. 甲\n\n**答案：** 答甲\n\n"  # lines 1-4
        "### 2. 乙\n\n**答案：** 答乙\n\n"  # lines 5-8
        "```python\nx = 1\n# 3. 注释\n\n"  # lines 9-12: never closed
        "### 3. 丙\n\n**答案：** 答丙\n"
    )
    bank = parse(text)
    assert messages(bank) == [(9, "代码块没有结束标记（``` 没有配对），已读到下一道题或文件末尾为止")]
    assert [(q.number, q.answer.split("\n")[0]) for q in bank.questions] == [(1, "答甲"), (2, "答乙"), (3, "答丙")]
    assert bank.questions[1].code[0].source == "x = 1\n# 3. 注释"


def test_unterminated_fence_at_the_end_keeps_what_could_be_read() -> None:
    bank = parse(GOOD + "\n```python\nmodel.predict(ru\n\n")
    assert messages(bank) == [(11, "代码块没有结束标记（``` 没有配对），已读到下一道题或文件末尾为止")]
    assert len(bank.questions) == 2
    assert bank.questions[1].code[0].source == "model.predict(ru"
    assert bank.questions[1].answer.startswith("答乙")


def test_question_without_answer_is_kept() -> None:
    bank = parse("### 1. 甲\n\n**题目：** 只有题目\n\n### 2. 乙\n\n**答案：** 答乙\n")
    assert messages(bank) == [(1, "第 1 题没有答案（找不到“答案”标签）")]
    assert [(q.number, q.question, q.answer) for q in bank.questions] == [(1, "只有题目", ""), (2, "乙", "答乙")]


def test_repeated_and_skipped_numbers_are_kept_as_printed() -> None:
    text = "### 1. 甲\n**答案：** a\n### 1. 又甲\n**答案：** b\n### 4. 丁\n**答案：** c\n### 3. 丙\n**答案：** d\n"
    bank = parse(text)
    assert messages(bank) == [
        (3, "题号重复：第 1 题已在第 1 行出现"),
        (5, "题号跳跃：第 1 题之后是第 4 题，缺少第 2–3 题"),
        (7, "题号倒退：第 4 题之后是第 3 题"),
    ]
    assert [(q.number, q.title, q.answer) for q in bank.questions] == [
        (1, "甲", "a"),
        (1, "又甲", "b"),
        (4, "丁", "c"),
        (3, "丙", "d"),
    ]


@pytest.mark.parametrize("data", [b"", "", b"   \r\n\n", "\ufeff"])
def test_empty_file(data: bytes | str) -> None:
    assert parse_bank(data, "t.txt") == Bank("t.txt", (), (Problem("t.txt", 1, "空文件"),))


def test_binary_file() -> None:
    bank = parse_bank(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "t.png")
    assert bank.questions == ()
    assert [str(p) for p in bank.problems] == ["t.png:1: 不是文本文件（含二进制数据，无法按 UTF-8 解码），已跳过"]


def test_invalid_utf8_is_replaced_and_reported_at_its_line() -> None:
    bank = parse_bank(GOOD.encode().replace("答乙".encode(), b"\xff\xfe"), "t.txt")
    assert messages(bank) == [(9, "不是合法的 UTF-8 文本（第 83 字节起），无法解码的字节已替换为 �")]
    assert [(q.number, q.answer) for q in bank.questions] == [(1, "答甲"), (2, "��")]


def test_gbk_bank_is_decoded_and_reported() -> None:
    bank = parse_bank(GOOD.encode("gbk"), "t.txt")
    assert messages(bank) == [(1, "文件不是 UTF-8 编码，已按 GB18030 解码；请转换为 UTF-8")]
    assert bank.questions == parse(GOOD).questions


def test_text_without_numbered_questions_is_reported() -> None:
    bank = parse("前言\n\n### 总结\n\n**答案：** 标题没有题号\n")
    assert messages(bank) == [
        (1, "没有找到任何题目（需要“### 1. 标题”或“**题目1：**”这样的题号）"),
        (5, "“答案”标签不属于任何带题号的题目（标题缺少题号？），这部分没有导入"),
    ]


def test_title_below_the_item_or_missing() -> None:
    bank = parse("**题目1：**\n\n如何实现注意力？\n请写代码。\n\n**答案：** 答\n\n### 2.\n\n**答案：** 答二\n")
    assert [(q.number, q.title, q.question) for q in bank.questions] == [
        (1, "如何实现注意力？", "如何实现注意力？\n请写代码。"),
        (2, "", ""),
    ]
    assert messages(bank) == [(8, "第 2 题没有标题")]


def test_problem_str() -> None:
    assert str(Problem("banks/a.txt", 12, "空文件")) == "banks/a.txt:12: 空文件"


# --- duplicates -------------------------------------------------------------------------------------


def _groups(real: dict[str, Question]) -> list[set[str]]:
    ids = {id(q): key for key, q in real.items()}
    return [{ids[id(q)] for q in group} for group in group_duplicates(list(real.values()))]


@pytest.fixture(scope="module")
def groups(real: dict[str, Question]) -> list[set[str]]:
    return _groups(real)


@pytest.mark.parametrize(
    "expected",
    [
        {"000#3", "000#22", "000#28"},  # 自注意力 / 自我注意力 / 自注意力
        {"000#20", "000#30", "003#1"},  # 注意力流
        {"001#14", "001#20", "001#28"},  # 图像超分辨率 three times
        {"000#36", "001#15"},  # 实现一个文本分类模型 / 如何实现文本分类模型
        {"000#7", "001#5", "004#3"},  # 长短期记忆 / 长短时记忆 (LSTM)
    ],
)
def test_expected_duplicate_groups(groups: list[set[str]], expected: set[str]) -> None:
    assert expected in groups


def test_same_question_twice_in_bank_003_groups(groups: list[set[str]]) -> None:
    assert any({"003#8", "003#24"} <= group for group in groups)  # 如何在文本分类中使用注意力机制, twice


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("003#14", "003#15"),  # 图像分类 / 图像分割
        ("001#19", "001#27"),  # 图像分类模型 / 图像分割模型
        ("003#18", "003#19"),  # 音频处理 / 视频处理
        ("000#23", "000#24"),  # 软注意力 / 硬注意力
        ("001#15", "003#8"),  # 实现文本分类模型 / 在文本分类中使用注意力机制
        ("001#3", "004#19"),  # 实现 CNN / 在图像分类中使用 CNN
        ("002#14", "002#22"),  # 图像描述生成 / 图像生成
    ],
)
def test_distinct_questions_do_not_group(groups: list[set[str]], a: str, b: str) -> None:
    assert not any({a, b} <= group for group in groups)


def test_groups_are_disjoint_and_at_least_pairs(groups: list[set[str]]) -> None:
    members = [key for group in groups for key in group]
    assert len(members) == len(set(members))
    assert all(len(group) >= 2 for group in groups)


def _question(title: str, number: int = 1) -> Question:
    return Question("t.txt", number, 1, title, title, "答", "")


def test_group_duplicates_on_a_handful() -> None:
    a = _question("请解释什么是自注意力（self-attention）。", 1)
    b = _question("请解释什么是自我注意力（self-attention）。", 2)
    c = _question("如何在图像分类中使用注意力机制？", 3)
    d = _question("如何在图像分割中使用注意力机制？", 4)
    assert group_duplicates([a, b, c, d]) == [(a, b)]
    assert group_duplicates([]) == []


# --- drafts and the command line ------------------------------------------------------------------


@pytest.mark.parametrize("name", COUNTS)
def test_render_draft_of_real_bank(banks: dict[str, Bank], name: str) -> None:
    bank = banks[name]
    draft = render_draft(bank)
    assert draft.startswith(f'---\ntitle: "草稿：{name}"\nstatus: draft\n---\n\n# 草稿：{name}\n')
    assert "```python" not in draft
    snippets = list(fences.parse(draft, f"{name}.md"))  # the guide's own fence parser accepts the page
    assert {s.lang for s in snippets} <= {"text"} and not fences.python_snippets(draft, "x.md")
    assert len(snippets) == sum(len(q.code) for q in bank.questions)
    for q in bank.questions:
        assert f"{{ #q-draft-{name[:3]}-{q.number} }}" in draft
        assert f"<!-- source: {name}#{q.number} -->" in draft
    assert draft.count("**题目：**") == draft.count("**答案：**") == draft.count("**解析：**") == len(bank.questions)


def test_render_draft_keeps_code_as_text_in_a_warning() -> None:
    draft = render_draft(parse_bank((SAMPLES / "mixed.txt").read_bytes(), "mixed.txt"))
    assert '!!! warning "原始代码（草稿，未验证，不会运行）"' in draft
    assert "    ```text\n    def attention(q, k, v):\n        # TODO: 计算注意力\n" in draft
    assert "**题目：** 补全下面的函数。\n\n（原始代码 1 见本题末尾）" in draft
    assert "**答案：**\n\n（原始代码 2 见本题末尾）" in draft
    assert "**解析：** （待补充）" in draft


def test_render_draft_of_repeated_numbers_gives_unique_anchors() -> None:
    draft = render_draft(parse("### 1. 甲\n**答案：** a\n### 1. 又甲\n**答案：** b\n"))
    assert "{ #q-draft-t-t-1 }" in draft and "{ #q-draft-t-t-1-2 }" in draft
    assert '!!! danger "导入时发现的问题"\n\n    - 第 3 行：题号重复：第 1 题已在第 1 行出现' in draft


def test_import_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(BANKS / name) for name in COUNTS]
    assert import_command([*files, "--out", str(tmp_path), "--json"]) == 1  # 004 ends in an unclosed fence
    out, err = capsys.readouterr()
    records = json.loads(out)
    assert len(records) == 156 and records[0]["source"] == "000_2f47acf39e7ddc0b.txt#1"
    assert f"{files[0]}: 40 道题, 0 个问题" in err.splitlines()
    assert f"{files[4]}: 26 道题, 1 个问题" in err.splitlines()
    assert f"{files[4]}:706: 代码块没有结束标记" in err
    # Questions asked again in other banks are named as groups, so one entry can answer them all.
    assert (
        "可能重复的题目（合并成一个条目）：000_2f47acf39e7ddc0b.txt#20、000_2f47acf39e7ddc0b.txt#30、003_59a6fc3ed63bac1f.txt#1"
        in err
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{name[:-4]}.md" for name in COUNTS]


def test_import_command_clean_bank_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "drafts"
    assert import_command([str(SAMPLES / "mixed.txt"), "--out", str(out_dir)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"{SAMPLES / 'mixed.txt'}: 4 道题, 0 个问题")
    assert (out_dir / "mixed.md").read_text("utf-8").count("{ #q-draft-mix-") == 4


def test_import_command_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert import_command([str(tmp_path / "nope.txt"), "--out", str(tmp_path)]) == 1
    assert "nope.txt: 无法读取" in capsys.readouterr().err


def test_import_command_unwritable_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "drafts"
    blocker.write_text("a file where the folder should be", "utf-8")
    assert import_command([str(SAMPLES / "mixed.txt"), "--out", str(blocker)]) == 1
    assert "无法写入草稿" in capsys.readouterr().err


# --- properties: generated banks in every format ----------------------------------------------------

CJK = "注意力机制模型卷积循环网络图像文本语音分类生成训练损失梯度权重序列编码器解码器向量层"
TEXT = CJK + "的是在和与了，。？！（）：；、ABCxyz0123456789 +-=/<>[]$\\_'\""
CODE_LINES = [
    "import numpy as np",
    "x = np.zeros((2, 3))",
    "# 1. 计算注意力权重",
    "### 2. 这是注释，不是标题",
    "def f(a, *args, **kwargs):",
    "    return a",
    "",
    "print(x.shape)  # 输出形状",
]
ANSWER_LABELS = ["**答案：**", "**答案:**", "**答案**：", "**答案** :", "**答案 ：**", "**答案**:"]
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(frozen=True)
class Spec:
    """One generated question and how to print it."""

    title: str
    answer: str
    code: str | None
    style: str
    label: str
    full_width: bool
    answer_below: bool


# A line starts with a Chinese character, so it can never read as a heading, label, fence or list.
lines = st.tuples(st.sampled_from(CJK), st.text(TEXT, max_size=12)).map(lambda t: (t[0] + t[1]).strip())
titles = lines
paragraphs = st.lists(lines, min_size=1, max_size=2).map("\n".join)
answers = st.lists(paragraphs, min_size=1, max_size=3).map("\n\n".join)
codes = st.none() | st.lists(st.sampled_from(CODE_LINES), min_size=1, max_size=6).map("\n".join)
specs = st.builds(
    Spec,
    title=titles,
    answer=answers,
    code=codes,
    style=st.sampled_from(["###", "####", "item", "bare"]),
    label=st.sampled_from(ANSWER_LABELS),
    full_width=st.booleans(),
    answer_below=st.booleans(),
)


def render_question(number: int, spec: Spec) -> str:
    """Print one question as the banks do, in the style the spec names."""
    n = str(number).translate(FULL) if spec.full_width else str(number)
    sep = "．" if spec.full_width else "."
    answer = f"{spec.label}\n\n{spec.answer}" if spec.answer_below else f"{spec.label} {spec.answer}"
    code = f"\n\n**示例代码：**\n\n```python\n{spec.code}\n```" if spec.code is not None else ""
    if spec.style == "item":
        return f"**题目{n}：** {spec.title}\n\n{answer.replace('答案', '答案解析', 1)}{code}\n"
    head = "###" if spec.style == "bare" else spec.style
    ask = "" if spec.style == "bare" else f"**题目：** {spec.title}？\n\n"
    return f"{head} {n}{sep} {spec.title}\n\n{ask}{answer}\n\n**解析：** 解析{number}{code}\n"


def render_bank(questions: list[Spec]) -> list[str]:
    """Blocks of a bank: an introduction, the questions, a closing section."""
    intro = "### 题库：介绍\n\n这不是题目。\n"
    return [intro, *(render_question(i, spec) for i, spec in enumerate(questions, 1)), "### 总结\n\n全文完。\n"]


def assert_all_back(bank: Bank, questions: list[Spec], exact: bool) -> None:
    found = {(q.number, q.title): q for q in bank.questions}
    for number, spec in enumerate(questions, 1):
        q = found[(number, spec.title)]
        assert (q.answer == spec.answer) if exact else (spec.answer in q.answer)
        if spec.code is not None and exact:
            assert [c.source for c in q.code] == [spec.code]


FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.lists(specs, min_size=1, max_size=6))
def test_generated_banks_round_trip(questions: list[Spec]) -> None:
    bank = parse("\n".join(render_bank(questions)))
    assert bank.problems == ()
    assert [(q.number, q.title) for q in bank.questions] == [(i, s.title) for i, s in enumerate(questions, 1)]
    assert_all_back(bank, questions, exact=True)
    assert not fences.python_snippets(render_draft(bank), "draft.md")


garbage_lines = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["```", "```python", "~~~", "**答案：**", "**题目：** ？", "#", "### 总结", "| a | b |", "\\[x\\]"]
    ),
    st.sampled_from(["### 99. 插入的题", "**题目7：** 插入", "#### 无题号小节", "\x00", "\ufeff", "\r"]),
)


@FAST
@given(
    st.lists(specs, min_size=1, max_size=5),
    st.lists(st.tuples(st.integers(0, 10), garbage_lines), max_size=6),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
    st.booleans(),
)
def test_garbage_never_raises_and_never_loses_a_question(
    questions: list[Spec], garbage: list[tuple[int, str]], newline: str, bom: bool, as_bytes: bool
) -> None:
    blocks = render_bank(questions)
    for position, line in garbage:  # between blocks only: inside one it would be part of that question
        blocks.insert(position % (len(blocks) + 1), line + "\n")
    text = ("\ufeff" if bom else "") + "\n".join(blocks).replace("\n", newline)
    bank = parse_bank(text.encode("utf-8", "surrogatepass") if as_bytes else text, "t.txt")
    assert_all_back(bank, questions, exact=False)
    assert all(p.file == "t.txt" and p.line >= 1 for p in bank.problems)
    assert not fences.python_snippets(render_draft(bank), "draft.md")  # and the page parses: no FenceError


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_never_raise(data: bytes) -> None:
    bank = parse_bank(data, "t.txt")
    assert bank.questions or bank.problems  # something always comes back: questions or a reason why not
    render_draft(bank)
