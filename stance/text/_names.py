"""The article's name index: runs of name words with their offsets, the fullest
spelling of each person's name, acronyms with their expansions, and the roles the
article gives a name (before it, in apposition, or after "is"). Bounded lookups only,
so a long or hostile text costs close to linear time."""

from __future__ import annotations

import re
from bisect import bisect_right

from ._lexicon import FEMALE, MALE, PARTICLES, STOP
from ._phrases import (
    ACRONYM_DEF,
    APPOSITION,
    COPULA_ROLE,
    DOTTED,
    NAME_RUN,
    TOKEN,
    VERB_WORDS,
    bare,
    clean,
    fold,
    is_name_word,
    np_start,
    possessive,
    read_phrase,
)

Run = tuple[tuple[str, ...], str, int, int]  # folded tokens, text, start, end
_INITIAL = re.compile(r"[A-Z]\.")


def _contains(run: tuple[str, ...], toks: tuple[str, ...]) -> bool:
    n = len(toks)
    return any(run[i : i + n] == toks for i in range(len(run) - n + 1))


def _short_form(toks: tuple[str, ...], run: tuple[str, ...]) -> bool:
    """"Jen Daskal" for "Jennifer Daskal": the same surname, a shortened first name."""
    return (
        len(toks) == len(run) == 2
        and toks[1] == run[1]
        and len(toks[0]) >= 3
        and run[0].startswith(toks[0])
    )


def _expansion(text: str, at: int) -> str | None:
    """The capitalised name right before ``at``: "the US Drug Enforcement Administration (DEA)"."""
    toks = TOKEN.findall(text[max(0, at - 160) : at])
    k = len(toks)
    while k > 0 and (toks[k - 1][:1].isupper() or toks[k - 1] in ("of", "for", "on", "and", "the")):
        if toks[k - 1][-1] in '.,;:!?”"' and k < len(toks) and not DOTTED.fullmatch(toks[k - 1]):
            break  # the end of the previous sentence or clause
        k -= 1
    while k < len(toks) and not toks[k][:1].isupper():
        k += 1
    return " ".join(toks[k:]) or None


_LINE = re.compile(r"[^\n]+")
_KNOWN_AS = re.compile(
    r"([A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,3}), (?:(?:commonly|also|better|popularly|widely) )?known as ([A-Z][\w.-]+)"
)
_FINAL = re.compile(r"[.!?…][\"”’')\]]*\s*$")


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Headlines in title case, where every word is capitalised (at most a few)."""
    out: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        line = m.group()
        if len(out) == 4 or _FINAL.search(line):
            continue
        long = [w for w in line.split() if len(w) > 3 and w[:1].isalpha()]
        if len(long) >= 3 and sum(w[:1].isupper() for w in long) >= 0.7 * len(long):
            out.append((m.start(), m.end()))
    return out


class Names:
    """Runs of name words, spellings, acronyms and roles of one article."""

    #: whether a capitalised token may belong to a person's name (languages differ)
    name_word = staticmethod(is_name_word)

    def __init__(self, text: str) -> None:
        self.text = text
        # maximal runs of name words: (folded tokens, text, start, end)
        self.runs: list[tuple[tuple[str, ...], str, int, int]] = []
        skip = _title_case_lines(text)
        name_word = self.name_word  # looked up once: this loop sees every capitalised word
        for m in NAME_RUN.finditer(text):
            if skip and any(a <= m.start() < b for a, b in skip):
                continue  # "China Says US Owes…": capitals of style, not names
            whole = m.group()
            if " " not in whole and "\t" not in whole:  # most runs: one capitalised word
                tok = whole[:-2] if possessive(whole) else whole
                if name_word(tok):
                    self._add_run([(tok, m.start())])
                continue
            group: list[tuple[str, int]] = []
            for tm in TOKEN.finditer(whole):
                tok, at = tm.group(), m.start() + tm.start()
                if possessive(tok) and name_word(tok[:-2]):
                    group.append((tok[:-2], at))  # "Donald Trump’s tariffs": the name ends
                    self._add_run(group)
                    group = []
                elif name_word(tok) or (group and tok in PARTICLES):
                    group.append((tok, at))
                    if tok.endswith(".") and not _INITIAL.fullmatch(tok):
                        self._add_run(group)  # "…Americans. Matthew Donahue": two runs
                        group = []
                else:
                    self._add_run(group)
                    group = []
            self._add_run(group)
        self.run_starts = [r[2] for r in self.runs]
        self.by_word: dict[str, list[int]] = {}  # folded word -> runs holding it
        for k, (run, _, _, _) in enumerate(self.runs):
            for w in set(run):
                self.by_word.setdefault(w, []).append(k)
        self.spans: dict[str, list[tuple[int, int]]] = {}
        for _, name, start, end in self.runs:
            self.spans.setdefault(name, []).append((start, end))
        self.acronyms: dict[str, str] = {}
        for m in ACRONYM_DEF.finditer(text):
            exp = _expansion(text, m.start())
            if exp:
                self.acronyms.setdefault(m.group(1).replace(".", ""), exp)
        self._roles: dict[str, tuple[list[str], str | None]] = {}
        # "López Obrador, commonly known as AMLO,": the short name is the person's
        self.known_as: dict[str, str] = {}
        for m in _KNOWN_AS.finditer(text) if "known as" in text else ():
            self.known_as.setdefault(m.group(2), m.group(1))

    def _add_run(self, group: list[tuple[str, int]]) -> None:
        while group and group[-1][0] in PARTICLES:
            group.pop()
        if group:
            toks = [t if _INITIAL.fullmatch(t) else clean(t) for t, _ in group]
            end = group[-1][1] + len(toks[-1])
            self.runs.append((tuple(fold(t) for t in toks), " ".join(toks), group[0][1], end))

    def _expand(self, name: str) -> str:
        """An acronym's expansion when the article gives one; "the" dropped."""
        exp = self.acronyms.get(name.replace(".", ""))
        return re.sub(r"^[Tt]he\s+", "", exp) if exp else name

    def spelling(self, name: str) -> str:
        """The fullest spelling of a person's name in the article ("Barcena" → "Alicia
        Bárcena", "Jen Daskal" → "Jennifer Daskal")."""
        toks = tuple(fold(clean(t)) for t in name.split() if clean(t) not in STOP)
        best: tuple[tuple[str, ...], str] | None = None
        for k in self.by_word.get(toks[-1], []) if toks else []:
            run, text = self.runs[k][:2]
            if (_contains(run, toks) or _short_form(toks, run)) and (
                best is None or (len(run), len(text)) > (len(best[0]), len(best[1]))
            ):
                best = (run, text)
        return best[1] if best else name

    def roles(self, name: str) -> tuple[list[str], str | None]:
        """The roles the article gives ``name`` (before it, in apposition or after "is"),
        and a gender."""
        if name in self._roles:
            return self._roles[name]
        roles: list[str] = []
        gender = None
        for start, end in self.spans.get(name, [])[:8]:
            left = TOKEN.findall(self.text[max(0, start - 160) : start])
            if left and bare(left[-1]) in ("mr", "ms", "mrs"):
                gender = "m" if bare(left[-1]) == "mr" else "f"
            cands = []
            if left:
                first = np_start(left, len(left) - 1, allow_comma=left[-1].endswith(","))
                for k in range(len(left) - 2, first, -1):
                    if left[k] == "and" and is_name_word(left[k - 1]):
                        first = k + 1  # "Rex Tillerson and Homeland Security Secretary"
                        break
                if first < len(left):
                    cands.append(left[first:])
            nxt = self.text[end : end + 5]
            for rx, lead in ((APPOSITION, ","), (COPULA_ROLE, " ")):
                right = rx.match(self.text, end) if nxt.startswith(lead) else None
                if right:
                    cands.append(right.group(right.lastindex or 1).split())
            for toks in cands:
                if any(t in VERB_WORDS for t in toks) or possessive(toks[-1]):
                    continue  # ", President López Obrador said": a clause; "Trump’s Twitter": an owner
                r = read_phrase(toks)
                if r is not None and r.kind == "role":
                    roles.append(r.text)
                    words = {bare(t) for t in toks}
                    gender = gender or ("m" if words & MALE else "f" if words & FEMALE else None)
        self._roles[name] = (roles, gender)
        return roles, gender

    def _before(self, before: int, limit: int = 200) -> list[tuple[tuple[str, ...], str, int, int]]:
        """The last ``limit`` name runs that start before ``before``, nearest first."""
        k = bisect_right(self.run_starts, before - 1)
        return self.runs[max(0, k - limit) : k][::-1]

    def _after(self, after: int, limit: int = 40) -> list[tuple[tuple[str, ...], str, int, int]]:
        k = bisect_right(self.run_starts, after)
        return [r for r in self.runs[k : k + limit] if r[2] - after < 1500]
