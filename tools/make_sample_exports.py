"""Write instructors/sample_exports/: journal exports of FAKE learners, for the class review notebook.

The files are what the session bar's "Export my journal" gives (journal format, self-check results
as `selfcheck.<stem>` entries written by helpers.selfcheck.Progress), for six invented learners,
plus one broken file and one export holding markup, so the notebook shows how both are handled.
Deterministic (seeded); run it again only to change the sample.

    python tools/make_sample_exports.py
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from helpers.journal import serialise  # noqa: E402
from helpers.selfcheck import ENTRY_PREFIX, Feedback, Progress, available, load_questions  # noqa: E402

OUT = ROOT / "instructors" / "sample_exports"
LEARNERS = ["fake-learner-ana", "fake-learner-bo", "fake-learner-chidi", "fake-learner-dana",
            "fake-learner-emil", "fake-learner-farah"]
PROMPTS = {
    "03_signing.six_men": "The seed speaks of 'six men' signing. Who signed, where and when?",
    "03_signing.amendments_mattered": "Did Azerbaijan's two amendments matter? Why, or why not?",
    "06_synthesis.argument": "Your argument: what was the Bishkek Protocol, in one paragraph?",
}
ANSWERS = [
    "Six people signed in Bishkek on 5 May (two for the parties, four as mediators); Azerbaijan's "
    "speaker signed in Baku on 8 May. So 'six men' is only the first day. [FAKE SAMPLE ANSWER]",
    "I think the amendments mattered because 'occupied' and 'seized' are read differently by each "
    "side, and 'international' observers changes who watches. [FAKE SAMPLE ANSWER]",
    "Not sure yet. The ceasefire was signed separately on 9-11 May, so maybe the protocol itself "
    "mattered less than the ceasefire document. [FAKE SAMPLE ANSWER]",
    "",
]


def fake_progress(stem: str, rng: random.Random) -> Progress:
    progress = Progress([q["id"] for q in load_questions(stem)])
    for qid in progress.question_ids:
        roll = rng.random()
        if roll < 0.15:
            continue  # not answered
        if roll < 0.25:
            progress.reveal(qid)
        first = rng.random() < 0.6
        progress.record(qid, Feedback(True, first, "", ""))
        if not first and rng.random() < 0.7:
            progress.record(qid, Feedback(True, True, "", ""))
    return progress


def entries_for(n: int, rng: random.Random) -> dict:
    entries = {}
    for stem in available():
        if rng.random() < 0.85:
            entries[ENTRY_PREFIX + stem] = {"prompt": "", "text": fake_progress(stem, rng).to_text(stem, "en")}
    for k, (pid, prompt) in enumerate(PROMPTS.items()):
        entries[pid] = {"prompt": prompt, "text": ANSWERS[(n + k) % len(ANSWERS)]}
    return entries


def main() -> int:
    rng = random.Random(1994)
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*"):
        old.unlink()
    for n, name in enumerate(LEARNERS):
        (OUT / f"{name}.json").write_bytes(serialise(entries_for(n, rng)))
    markup = entries_for(len(LEARNERS), rng)
    markup["03_signing.six_men"]["text"] = "<script>alert('this is shown as text')</script> <b>not bold</b> [FAKE]"
    (OUT / "fake-learner-markup.json").write_bytes(serialise(markup))
    broken = json.dumps({"format": "bishkek-journal", "version": 1, "entries": {}})[:-10]
    (OUT / "fake-learner-broken.json").write_text(broken, encoding="utf-8")
    (OUT / "ABOUT-THIS-FOLDER.txt").write_text(
        "Sample exports (FAKE learners)\n\nInvented journal exports for `instructors/class_review.ipynb`: "
        "no real person wrote them. `fake-learner-broken.json` is deliberately not valid JSON and "
        "`fake-learner-markup.json` holds HTML, to show that the review skips the first and shows the "
        "second as text. Regenerate with `python tools/make_sample_exports.py`.\n", encoding="utf-8")
    print(f"wrote {len(list(OUT.glob('*.json')))} sample exports to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
