"""The fence parser: one parser for tests, plugin and downloads."""

from __future__ import annotations

import pytest

from guide.page.fences import FenceError, parse, python_snippets


def test_fences_in_admonitions_details_and_tabs_are_found_with_markdown_lines(page_text) -> None:
    snippets = list(parse(page_text("containers.md"), "containers.md"))
    found = [(s.lang, s.line, s.indent, s.source) for s in snippets]
    assert found == [
        ("python", 9, 0, 'print("top")\n'),
        ("python", 15, 4, 'print("admonition")\n'),
        ("python", 21, 4, 'print("details")\n'),
        ("python", 27, 4, 'print("tab a")\n'),
        ("python", 35, 8, 'print("tab b, nested")\n'),
        ("text", 39, 4, "not run\n"),
    ]


def test_only_python_fences_run(page_text) -> None:
    assert len(python_snippets(page_text("containers.md"), "p.md")) == 5


def test_padded_source_puts_code_on_its_markdown_line(page_text) -> None:
    snippet = python_snippets(page_text("containers.md"), "p.md")[1]
    assert snippet.padded_source().splitlines()[snippet.line] == 'print("admonition")'


def test_indented_code_outside_containers_is_not_a_fence() -> None:
    text = "Para\n\n    ```python\n    print(1)\n    ```\n"
    assert list(parse(text, "p.md")) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# T\n\n```python\nprint(1)\n", "p.md:3: 代码块没有结束标记 ```"),
        ("# T\n\n```\nprint(1)\n```\n", "p.md:3: 代码块缺少语言标记"),
        ("# T\n\n```pyhton\nprint(1)\n```\n", "p.md:3: 未知的代码块语言 'pyhton'"),
        ("# T\n\n```python skip\nprint(1)\n```\n", "p.md:3: python 代码块不支持选项 skip：.*没有“跳过”"),
        ("# T\n\n```python notest\nprint(1)\n```\n", "p.md:3: python 代码块不支持选项 notest"),
    ],
)
def test_bad_fences_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(FenceError, match=message):
        list(parse(text, "p.md"))


def test_the_result_key_ignores_prose_but_not_code(page_text) -> None:
    from guide.run.cache import result_key

    text = page_text("containers.md")
    before = python_snippets(text, "p.md")[0]
    after_prose = python_snippets(text.replace("# 容器中的代码块", "# 新标题\n\n多一段。"), "p.md")[0]
    after_code = python_snippets(text.replace('print("top")', 'print("top!")'), "p.md")[0]
    assert result_key(before.code) == result_key(after_prose.code)
    assert result_key(before.code) != result_key(after_code.code)


def test_a_new_fence_option_is_one_line_in_fence_options(monkeypatch: pytest.MonkeyPatch) -> None:
    """The flow table's promise: declaring an option in FENCE_OPTIONS is all the parser and the site need."""
    from guide.page import fences
    from guide.site.render import validate

    text = '# T\n\n```python linenums="1"\nprint(1)\n```\n'
    with pytest.raises(FenceError, match="不支持选项 linenums"):
        python_snippets(text, "p.md")
    assert not validate("python", {"linenums": "1"}, {}, {}, None)
    monkeypatch.setitem(fences.FENCE_OPTIONS, "linenums", fences.FenceOption("linenums", "行号"))
    assert python_snippets(text, "p.md")[0].options == (("linenums", "1"),)
    options: dict[str, str] = {}
    assert validate("python", {"linenums": "1"}, options, {}, None) and options == {"linenums": "1"}
