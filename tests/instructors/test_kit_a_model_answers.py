"""instructors/model_answers.md covers every activity and discussion prompt of notebooks 00-06,
cites only sources that exist, and links to a notebook's folded answer instead of repeating it."""

import csv
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "instructors" / "model_answers.md"
COURSE = json.loads((ROOT / "notebooks" / "course.json").read_text(encoding="utf-8"))
STEMS = [e["file"][:-6] for e in COURSE]
ENTRY = re.compile(r"^### (\w+) · (Activity|Prompt) (\d+)\b.*$", re.M)
ANSWER_SUMMARY = re.compile(r"<summary>(One possible|Things a good answer|Answer|What changed)", re.I)


def markdown(stem):
    nb = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def activities(stem):
    """{N: text from the activity heading to the next activity or section}."""
    text = markdown(stem)
    parts = re.split(r"^(?=### Activity \d+|## )", text, flags=re.M)
    return {int(re.match(r"### Activity (\d+)", p).group(1)): p for p in parts if p.startswith("### Activity")}


def prompts(stem):
    text = markdown(stem)
    match = re.search(r"^## Discussion prompts\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    return sorted(int(n) for n in re.findall(r"^(\d+)\.\s", match.group(1), re.M)) if match else []


def entries():
    text = GUIDE.read_text(encoding="utf-8")
    found = {}
    for match in ENTRY.finditer(text):
        body = text[match.end():].split("\n### ", 1)[0].split("\n## ", 1)[0]
        found[(match.group(1), match.group(2), int(match.group(3)))] = body
    return found


def test_every_activity_and_prompt_has_a_model_answer():
    found = entries()
    missing = []
    for stem in STEMS:
        missing += [(stem, "Activity", n) for n in activities(stem) if (stem, "Activity", n) not in found]
        missing += [(stem, "Prompt", n) for n in prompts(stem) if (stem, "Prompt", n) not in found]
    assert not missing, f"no model answer in instructors/model_answers.md for {missing}"
    assert sum(len(activities(s)) + len(prompts(s)) for s in STEMS) >= 40


def test_no_entry_for_an_activity_or_prompt_that_no_longer_exists():
    stale = [(stem, kind, n) for stem, kind, n in entries()
             if stem not in STEMS or n not in (activities(stem) if kind == "Activity" else prompts(stem))]
    assert not stale, f"model answers for activities/prompts the notebooks no longer have: {stale}"


def test_entry_heading_names_the_activity_as_the_notebook_does():
    text = GUIDE.read_text(encoding="utf-8")
    for match in ENTRY.finditer(text):
        stem, kind, n = match.group(1), match.group(2), int(match.group(3))
        if kind == "Activity":
            title = re.match(r"### Activity \d+:?\s*(.*)", activities(stem)[n]).group(1).strip()
            assert match.group(0).endswith(title), (match.group(0), title)


def test_every_entry_cites_sources_that_exist():
    with open(ROOT / "data" / "sources.csv", encoding="utf-8", newline="") as f:
        known = {row["id"] for row in csv.DictReader(f)}
    text = GUIDE.read_text(encoding="utf-8")
    cited = set(re.findall(r"\[(S\d+[a-z]?)\]", text))
    assert cited and cited <= known, f"unknown source ids: {sorted(cited - known)}"
    for key, body in entries().items():
        assert re.search(r"\[S\d+[a-z]?\]", body), f"{key} cites no source"


@pytest.mark.parametrize("stem", STEMS)
def test_folded_answers_are_linked_not_repeated(stem):
    found = entries()
    for n, text in activities(stem).items():
        if ANSWER_SUMMARY.search(text):
            body = found[(stem, "Activity", n)]
            assert f"](../notebooks/{stem}.ipynb)" in body and "Folded answer in the notebook" in body, (stem, n)
            folded = re.search(r"<summary>[^<]*</summary>(.*?)</details>", text[ANSWER_SUMMARY.search(text).start():], re.S)
            sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(folded.group(1).split())) if len(s) > 60]
            flat = " ".join(body.split())
            assert not any(s in flat for s in sentences), f"{stem} Activity {n}: repeats the folded answer"


def test_entries_have_the_required_parts():
    for key, body in entries().items():
        if "Folded answer in the notebook" in body:
            assert "listen for" in body.lower() and "misconception" in body.lower(), key
        elif key[1] == "Activity":
            assert "**Model answer.**" in body and "misconception" in body.lower(), key
            assert "strong answer notices" in body.lower(), key
        else:
            assert "**Model answer.**" in body and "misconception" in body.lower(), key
