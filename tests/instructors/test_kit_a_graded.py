"""The graded edition removes the folded model answers and solution cells, keeps hints and
everything else identical, and the notebooks stay valid and runnable."""

import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("make_graded_edition", ROOT / "tools" / "make_graded_edition.py")
graded_tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(graded_tool)

ANSWER_SUMMARIES = ("One possible answer", "Things a good answer notices", "Answer:", "One possible footnote",
                    "What changed, and why")


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("graded")
    report = graded_tool.build(out)
    return out, report


def test_every_edition_is_built_without_answers(tmp_path):
    assert graded_tool.main(["--out", str(tmp_path)]) == 0
    for sub, folder in graded_tool.editions().items():
        for src in graded_tool.course_notebooks(folder):
            text = (tmp_path / sub / src.name).read_text(encoding="utf-8")
            summaries = re.findall(r"<summary>([^<]*)</summary>", text)
            assert not [s for s in summaries if graded_tool.is_solution_summary(s)]
            assert len(summaries) == sum(1 for s in re.findall(r"<summary>([^<]*)</summary>",
                                                            src.read_text(encoding="utf-8"))
                                         if not graded_tool.is_solution_summary(s)), (sub, src.name)


def test_spanish_summaries_classified():
    assert graded_tool.is_solution_summary("Una posible respuesta")
    assert graded_tool.is_solution_summary("Lo que advierte una buena respuesta")
    assert graded_tool.is_solution_summary("Respuesta: las fuentes de cada encuadre")
    assert graded_tool.is_solution_summary("Qué cambió y por qué (ábrelo después de haber escrito tu respuesta)")
    assert graded_tool.is_solution_summary("Una nota posible")
    assert not graded_tool.is_solution_summary("Pista")
    assert not graded_tool.is_solution_summary("Pista: un esquema posible (un ejemplo de la forma, no la respuesta)")


def test_summaries_classified():
    assert graded_tool.is_solution_summary("One possible answer")
    assert graded_tool.is_solution_summary("Things a good answer notices")
    assert graded_tool.is_solution_summary("Answer: the sources of each framing")
    assert graded_tool.is_solution_summary("What changed, and why (open after you have written your answer)")
    assert not graded_tool.is_solution_summary("Hint")
    assert not graded_tool.is_solution_summary("Hint: one possible outline (an example of the form, not the answer)")


def test_no_answer_left_and_every_source_answer_removed(edition):
    out, report = edition
    for src in graded_tool.course_notebooks():
        source_text = src.read_text(encoding="utf-8")
        expected = sum(source_text.count(f"<summary>{s}") for s in ANSWER_SUMMARIES)
        assert report[src.name] == expected, src.name
        text = (out / src.name).read_text(encoding="utf-8")
        for summary in ANSWER_SUMMARIES:
            assert f"<summary>{summary}" not in text, (src.name, summary)
        assert text.count("<summary>Hint") == source_text.count("<summary>Hint"), "hints must stay"
    assert sum(report.values()) > 0


def test_everything_else_identical_and_valid(edition):
    out, _ = edition
    for src in graded_tool.course_notebooks():
        a, b = nbformat.read(src, as_version=4), nbformat.read(out / src.name, as_version=4)
        nbformat.validate(b)
        assert a.metadata == b.metadata
        assert [c.id for c in a.cells] == [c.id for c in b.cells]
        for ca, cb in zip(a.cells, b.cells, strict=True):
            assert ca.cell_type == cb.cell_type and ca.metadata == cb.metadata
            if ca.cell_type != "markdown":
                assert ca.source == cb.source
            elif "<details>" not in ca.source:
                assert ca.source == cb.source
            else:  # only the answer blocks went; what remains is the original text, in order
                kept = [line for line in cb.source.splitlines() if line.strip()]
                original = [line for line in ca.source.splitlines() if line.strip()]
                it = iter(original)
                assert all(line in it for line in kept)


def test_solution_tagged_cells_are_removed():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("Task"),
                nbformat.v4.new_markdown_cell("Answer text", metadata={"tags": ["solution"]}),
                nbformat.v4.new_code_cell("1 + 1")]
    new, removed = graded_tool.graded(nb)
    assert removed == 1 and [c.source for c in new.cells] == ["Task", "1 + 1"]
    assert len(nb.cells) == 3, "the source notebook is not modified"


def test_markdown_block_removed_but_text_around_kept():
    text = ("Before.\n\n<details><summary>Hint</summary>\nh\n</details>\n\n"
            "<details><summary>One possible answer</summary>\n\nsecret\n</details>\n\nAfter.\n")
    new, removed = graded_tool.strip_markdown(text)
    assert removed == 1 and "secret" not in new and "Before." in new and "After." in new and "<summary>Hint" in new


def test_a_graded_notebook_runs(edition):
    """One graded notebook with answers removed executes top to bottom (the others differ from
    their nbval-tested originals only in Markdown)."""
    nbclient = pytest.importorskip("nbclient")
    out, report = edition
    name = max(report, key=report.get)
    nb = nbformat.read(out / name, as_version=4)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert json.loads(nbformat.writes(nb))["cells"]
