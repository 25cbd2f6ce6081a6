"""The hand labels as stance records (JSONL), for `stance summarize` and the HTML report.

    python eval/gold_records.py -o gold-dev.jsonl                 # the dev articles
    python eval/gold_records.py --lang zh --lang es -o gold.jsonl
    stance summarize gold-dev.jsonl                               # who says what, by hand

Each labelled sentence (fixtures/labels/*.json, coder A) becomes one record, field for
field as ``stance classify`` writes it: the coder's speaker, labels and targets, the
coder's note as the rationale, ``model`` set to ``hand-labels``. Speaker names are the
articles' own (``毛宁``, ``Embajada de China en México``), so a summary of several
languages shows what an alias table merges.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stance.types import Record, Speaker  # noqa: E402

FIXTURES = ROOT / "fixtures"
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")


def gold_records(splits: set[str], langs: set[str] | None = None) -> list[Record]:
    split = json.loads((FIXTURES / "split.json").read_text(encoding="utf-8"))["articles"]
    out = []
    for f in sorted((FIXTURES / "labels").glob("*.json")):
        gold = json.loads(f.read_text(encoding="utf-8"))
        aid = gold["article"]
        if split[aid]["split"] not in splits or (langs and gold["lang"] not in langs):
            continue
        m = _DATE.match(aid)
        date = "-".join(g for g in m.groups() if g) if m else None
        for s in gold["sentences"]:
            sp = s["speaker"]
            out.append(
                Record(
                    article=aid, index=s["index"], start=s["start"], end=s["end"], text=s["text"],
                    speaker=Speaker(name=sp["name"], role=sp.get("role"), kind=sp.get("kind")) if sp else None,
                    labels=s["labels"], targets=s["targets"], rationale=s.get("note"),
                    model="hand-labels", prompt_version="-", codebook=gold["codebook"],
                    codebook_hash="-", date=date, lang=gold["lang"],
                )
            )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    ap.add_argument("--lang", action="append", help="only articles in this language (repeatable)")
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()
    splits = {"dev", "test"} if args.split == "all" else {args.split}
    lines = "".join(r.model_dump_json() + "\n" for r in gold_records(splits, set(args.lang or [])))
    if args.output == "-":
        sys.stdout.write(lines)
    else:
        Path(args.output).write_text(lines, encoding="utf-8")


if __name__ == "__main__":
    main()
