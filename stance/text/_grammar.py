"""What attribution needs to know of an article's language: how to mask quotes, find
a sentence's cue, tell a headline and a write-up's narration, and which Registry reads
its names. English, Spanish and Chinese share the passes of ``_attribute``; each brings
its cue grammar (``_speech``, ``_speech_es``, ``_speech_zh``) and word lists. A language
without a grammar of its own is read with the English one."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..types import Sentence
from ._entities import Entity, Registry
from ._headlines import headline_cue
from ._lang import base_language
from ._lexicon import DETERMINERS, PRONOUNS
from ._phrases import fold
from ._quotes import Masked, mask_quotes
from ._quotes_es import mask_es
from ._registries import RegistryEs, RegistryZh
from ._speech import SENTENCE_FINAL, Cue, find_cue
from ._speech_es import acts_es, find_cue_es, headline_cue_es, label_es, narrates_es
from ._speech_zh import (
    acts_zh,
    find_cue_zh,
    headline_cue_zh,
    issued_zh,
    issuer_zh,
    label_zh,
    narrates_zh,
    prepare_zh,
    short_line_zh,
)
from ._transcripts import Turn
from ._transcripts_zh import find_turns_zh


@dataclass(frozen=True)
class Grammar:
    """A language's part in attribution."""

    find_cue: Callable[[Masked, Any], Cue | None]  # (masked sentence, prepared context)
    headline_cue: Callable[[str, Masked, Any], Cue | None]
    mask: Callable[[str, str], Masked]
    final: re.Pattern[str]  # sentence-final punctuation: a line without it is a headline
    short_line: Callable[[str], bool]  # a header line that says nothing
    narrates: Callable[[str, Entity, str], bool]  # a write-up turns to narration
    acts: Callable[[str, Entity], bool]  # the sentence tells what the speaker did
    label: Callable[[str, str], str]  # a cue through an earlier sentence, as shown
    registry: type[Registry] = Registry
    prepare: Callable[[str], Any] = lambda text: None  # what the cue grammar reads once
    english: bool = True  # "It alleges…": the body the previous sentence was about
    broken_lines: bool = False  # a sentence broken over lines is read whole
    # "原文如下：" — the text that follows is the issuer's own
    lead_in: re.Pattern[str] | None = None
    issuer: Callable[[Masked, Any], Any] | None = None
    # who issues a document a sentence names, unmasked ("发布「…的通告」"): "通告要求" is theirs
    documents: Callable[[str, Any], Any] | None = None
    # a transcript's labelled turns, named: (sentences, line starts, registry, context)
    turns: Callable[[Sequence[Sentence], Sequence[bool], Registry, Any], list[Turn]] | None = None


_LEADERS = frozenset("And Then So Meanwhile".split())
_CONTRAST = frozenset("But Yet Still However".split())
# "This claim has been inflated…", "This is the first time…": the writer on the report
_COMMENT = frozenset("This That These Those Such".split())
# a date or an earlier event: background the journalist supplies (guide 3.4)
_DATED = re.compile(
    r"(?i:\b(?:(?:on|last|this|earlier|since|in|by|until)\s+(?:Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|week|month|year|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|"
    r"Dec\.|(?:19|20)\d\d)|yesterday|(?:days|weeks|months|years) (?:ago|earlier|later))\b)"
)


# "it is hardly disputed that…", "reportedly": a voice other than the speaker's
_UNNAMED_VOICE = re.compile(
    r"\b(?:it|It) (?:is|was|has been)\s+(?:\w+\s+)?(?:disputed|believed|known|reported|understood|"
    r"thought|estimated|alleged|claimed|said)\b|\b(?:reportedly|allegedly|are understood to|is understood to)\b"
)


def _acts(masked: str, ent: Entity) -> bool:
    """The sentence tells what the speaker did: "He doubled that to 20%."."""
    words = [w for w in masked.split()[:3] if w not in _LEADERS]
    return bool(words) and (
        words[0] in ("He", "She") or fold(words[0].strip(",")) in fold(ent.name).split()
    )


def _narrates(masked: str, ent: Entity, mention: str = "") -> bool:
    """The sentence tells what the speaker did (``He doubled that to 20%.``) or what
    happened when (``Aftershocks continued on Friday.``) rather than carrying on what
    they said: its subject is a pronoun or the speaker's name, or it gives a date."""
    if _DATED.search(masked) or _UNNAMED_VOICE.search(masked):
        return True
    first = masked.split()[:1]
    if first and first[0] in _CONTRAST:
        return True  # "But Mexico’s markets remain calm": the writer's turn
    words = [w for w in masked.split()[:4] if w not in _LEADERS and w not in DETERMINERS]
    if not words:
        return False
    if words[0] in PRONOUNS or words[0] in _COMMENT:
        return True  # "He doubled that.", "This comes at a time when…"
    # "The officials asked not to be identified" after "Officials from … said"
    return fold(words[0].strip(",")) in fold(ent.name).split() + fold(mention).split()


def _label(mention: str, verb: str) -> str:
    return f"according to {mention}" if verb.lower() == "according to" else f"{mention} {verb}"


def _short(text: str) -> bool:
    """"News release", "June 5 | Ottawa | Health Canada": a header line."""
    return len(text.split()) <= 3 or " | " in text


ENGLISH = Grammar(
    find_cue=lambda masked, ctx: find_cue(masked),
    headline_cue=lambda text, masked, ctx: headline_cue(text, masked),
    mask=mask_quotes,
    final=SENTENCE_FINAL,
    short_line=_short,
    narrates=_narrates,
    acts=_acts,
    label=_label,
)
SPANISH = Grammar(
    find_cue=find_cue_es,
    headline_cue=headline_cue_es,
    mask=mask_es,
    final=re.compile(r"[.!?…:][\"”’')\]»]*$"),
    short_line=_short,
    narrates=narrates_es,
    acts=acts_es,
    label=label_es,
    registry=RegistryEs,
    english=False,
    broken_lines=True,
)
CHINESE = Grammar(
    find_cue=find_cue_zh,
    headline_cue=headline_cue_zh,
    mask=mask_quotes,
    final=re.compile(r"[。！？!?｡.…：:；;][”’」』）)\]\"'》]*$"),
    short_line=short_line_zh,
    narrates=narrates_zh,
    acts=acts_zh,
    label=label_zh,
    registry=RegistryZh,
    prepare=prepare_zh,
    english=False,
    lead_in=re.compile(r"(?:原文|全文|内容|內容|声明|聲明)如下[：:]\s*$", re.M),
    issuer=issuer_zh,
    documents=issued_zh,
    turns=find_turns_zh,
)
_BY_LANGUAGE = {"es": SPANISH, "zh": CHINESE}


def grammar_for(lang: str | None) -> Grammar:
    """The grammar of ``lang`` (``es-MX`` reads as ``es``); English for any other."""
    return _BY_LANGUAGE.get(base_language(lang) or "en", ENGLISH)
