"""The clause grammar of attribution: reporting verbs, noun phrases and word lists.

Works on one sentence at a time, with quoted words already masked (``mask_quotes``),
and says which noun phrase is the subject of which reporting verb; ``attribute`` then
decides, across the article, whom each phrase names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Finite reporting verbs (lowercase only: "States" and "Reports" are names).
_FINITE = _set(
    "said says told tells declared declares insisted insists indicated indicates argued argues "
    "noted notes denied denies refuted refutes claimed claims stressed stresses added adds "
    "affirmed affirms reported reports stated states explained explains warned warns asserted "
    "asserts emphasized emphasizes emphasised emphasises underlined underlines reiterated "
    "reiterates acknowledged acknowledges admitted admits urged urges accused accuses blamed "
    "blames announced announces confirmed confirms rejected rejects replied replies responded "
    "responds asked asks wrote writes demanded demands vowed vows pledged pledges promised "
    "promises maintained maintains contended contends alleged alleges cautioned cautions "
    "countered counters remarked remarks observed observes complained complains conceded "
    "concedes highlighted highlights underscored underscores dismissed dismisses condemned "
    "condemns criticized criticizes criticised criticises welcomed welcomes assured assures "
    "defended defends called calls described describes"
)
_PHRASAL = ("pointed out", "points out", "called on", "calls on", "called for", "calls for")
# Verbs that also stand before their subject: "…,” declared Rosa Icela Rodríguez."
_INVERTIBLE = _set(
    "said says added adds declared insisted noted explained stated argued asked stressed warned "
    "affirmed indicated replied responded wrote remarked observed acknowledged admitted "
    "emphasized emphasised underlined reiterated reported"
) | {"pointed out"}
_PARTICIPLES = (
    *"saying adding noting arguing claiming insisting stressing warning explaining stating "
    "denying emphasizing emphasising urging accusing blaming".split(),
    *("pointing out", "calling on", "calling for"),
)
_VERB_RE = re.compile(
    r"(?<![\w’'-])(according to|According to|"
    + "|".join(sorted(_PHRASAL + tuple(_FINITE) + _PARTICIPLES, key=len, reverse=True))
    + r")(?![\w-])"
)

_SKIP = _set(
    "also later then further again previously repeatedly once firmly flatly strongly recently "
    "long consistently categorically vehemently emphatically officially formally "
    "separately earlier publicly privately openly already bluntly immediately initially "
    "reportedly subsequently has have had was is were did does would will"
)
_DAYS = _set("Monday Tuesday Wednesday Thursday Friday Saturday Sunday week month year day")
_SUBORDINATORS = _set(
    "as while although though because since after before when whereas if unless even that "
    "who which whom whose where As While Although Though Because Since After Before When If"
)
_PRONOUNS = _set("he she they it He She They It")
_CONNECT = _set("of and for on de del la da do dos van von der bin al y the")
PARTICLES = _set("de del la da do dos van von der bin al y")
_DETERMINERS = _set(
    "the The a A an An two Two three Three four Four five Five several Several many Many some "
    "Some other Other both Both"
)
# words that may follow a noun phrase after "said"/"according to": "said X on Monday"
_FOLLOWERS = _set(
    "on in at during after before about last this earlier to when while as who which that and "
    "but from for with by since amid over under told said added"
)
_NP_LINKS = _set("of and for on the") | PARTICLES
# Capitalised words that start sentences or label things but never belong to a name.
STOP = _set(
    "The A An In On At During After Before While When As Although If This That These Those "
    "Its His Her Their Our It He She They We I But And However Meanwhile Also Later Then Still "
    "Yet So Asked Speaking Earlier Last Next Since Despite Amid Under Over With Without For From "
    "To By Of According Photo Photos Video File Source Credit Date Update Reporting Editing "
    "Writing Exclusive Analysis Opinion Breaking Live Factbox Explainer Timeline Correction Watch "
    "Published Updated Posted Modified "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept "
    "Oct Nov Dec Mr Mrs Ms Dr Prof Gov Sen Rep Gen Lt Col Capt Adm Sir Madam One Two Three Four "
    "Five Several Many Some Most Both Neither Thousands Hundreds Dozens"
)
# A group speaks as a group: "US officials said" never names one of them.
PLURAL_HEADS = _set(
    "officials diplomats leaders aides sources ministers lawmakers legislators spokespeople "
    "rebels militants experts analysts economists negotiators delegates"
)
PERSON_HEADS = (
    _set(
        "minister ministers secretary secretary-general spokesperson spokesman spokeswoman "
        "spokespeople president vice-president premier chancellor ambassador envoy official officials "
        "diplomat diplomats leader leaders governor mayor senator lawmaker lawmakers legislator "
        "representative adviser advisor director director-general chief head commissioner "
        "prosecutor attorney general commander undersecretary chair chairman chairwoman chairperson "
        "executive analyst expert economist negotiator delegate king queen prince princess pope "
        "treasurer admiral colonel captain officer inspector judge congressman congresswoman aide "
        "deputy coordinator czar tsar rebels militants"
    )
    | PLURAL_HEADS
)
ORG_HEADS = _set(
    "government ministry department embassy consulate agency administration office commission "
    "council committee bank fund organization organisation union party parliament congress "
    "senate court police army military navy guard service company corporation firm group "
    "association federation institute university house kremlin pentagon times post news press "
    "network programme program alliance authority authorities board bureau cabinet coalition "
    "forum foundation secretariat command reserve movement militia front"
)
GENERIC = _set("official diplomat leader aide source")
# Capitalised words of titles and institution names ("Secretary of Security and Citizen
# Protection", "White House"): part of a role, never of a person's name.
_DOMAIN = (
    _set(
        "foreign affairs state security homeland national citizen protection public interior defense "
        "defence justice commerce trade treasury finance economy economic health energy environment "
        "education labor labour agriculture industry development cooperation international relations "
        "external exterior social welfare transport transportation tourism culture information "
        "communications technology science mines mining oil electricity power water planning "
        "immigration migration customs border drug drugs enforcement control crime intelligence "
        "central federal deputy vice prime senior special permanent acting former white climate "
        "united nations european world global food human rights monetary atomic safety emergency "
        "unification cabinet ministry top coast trade wire news"
    )
    | PERSON_HEADS
    | ORG_HEADS
)
HONORIFICS = _set("mr mrs ms dr prof sir madam sen rep gov gen lt col capt adm maj sgt rev")
MALE = _set("he mr spokesman chairman congressman king prince sir")
FEMALE = _set("she ms mrs spokeswoman chairwoman congresswoman queen princess madam")
# Country, adjective: enough to tell a country speaker from a person and to match
# "Mexico’s secretary" with "the Mexican secretary".
_COUNTRIES = dict(
    pair.split(":")
    for pair in (
        "mexico:mexican china:chinese us:american u.s.:american usa:american japan:japanese "
        "india:indian canada:canadian brazil:brazilian germany:german france:french "
        "britain:british uk:british russia:russian ukraine:ukrainian spain:spanish italy:italian "
        "turkey:turkish iran:iranian israel:israeli egypt:egyptian nigeria:nigerian kenya:kenyan "
        "ghana:ghanaian colombia:colombian peru:peruvian chile:chilean argentina:argentine "
        "venezuela:venezuelan bolivia:bolivian ecuador:ecuadorian guatemala:guatemalan "
        "cuba:cuban australia:australian philippines:philippine vietnam:vietnamese "
        "pakistan:pakistani afghanistan:afghan korea:korean taiwan:taiwanese poland:polish "
        "norway:norwegian sweden:swedish finland:finnish denmark:danish belgium:belgian "
        "portugal:portuguese greece:greek romania:romanian morocco:moroccan jordan:jordanian "
        "malaysia:malaysian indonesia:indonesian thailand:thai uganda:ugandan ireland:irish"
    ).split()
)
NATIONALITY = {adj: c for c, adj in _COUNTRIES.items()} | {c: c for c in _COUNTRIES}
NATIONALITY |= {"united states": "us", "u.s": "us", "american": "us"}
_CAPITALS = _set(
    "washington beijing moscow tokyo brussels london paris berlin ottawa kyiv "
    "tehran seoul pyongyang islamabad ankara madrid rome caracas havana manila"
)
_COUNTRY_NAMES = frozenset(_COUNTRIES) | _CAPITALS | {"united states", "the united states"}
_AGENCIES = _set("EFE Reuters AFP AP Xinhua dpa ANSA Kyodo Yonhap TASS IANS PTI AAP Bloomberg")

_QUOTES = re.compile(r"[“”\"]")
# "declared a state of emergency", "declared war": an act, not a statement
_PERFORMATIVE = re.compile(r"\s+(?:a|an|war|martial|independence|bankruptcy|curfew)\b")
SENTENCE_FINAL = re.compile(r"[.!?…][\"”’)\]]*$")
TOKEN = re.compile(r"\S+")
NAME_RUN = re.compile(
    r"(?:(?:[A-Z]\.){2,}|[A-ZÀ-ÖØ-Þ][\w’'-]*\.?)(?:[ \t]+(?:(?:de|del|la|da|do|dos|van|von|der|bin|al|y)[ \t]+)?"
    r"(?:(?:[A-Z]\.){2,}|[A-ZÀ-ÖØ-Þ][\w’'-]*\.?))*"
)
# "(DEA)" after the name it abbreviates; the name is read back from there, word by word
ACRONYM_DEF = re.compile(r"\(([A-Z][A-Z.]+)\)")
_HEADLINE_COLON = re.compile(r"^([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*:\s+\S")
_TRAIL = '.,;:!?”"’)]'
DOTTED = re.compile(r"(?:[A-Z]\.)+")
ACRONYM = re.compile(r"[A-Z][A-Z.]*[A-Z]\.?|(?:[A-Z]\.){2,}")


@lru_cache(maxsize=1 << 16)
def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().replace("’", "'")


@lru_cache(maxsize=1 << 16)
def clean(tok: str) -> str:
    if DOTTED.fullmatch(tok.rstrip(",;:")):
        return tok.rstrip(",;:")  # keep the dots of "U.S." and "U.N."
    return tok.strip(_TRAIL + "“‘(")


def _possessive(tok: str) -> bool:
    return clean(tok).endswith(("’s", "'s"))


@lru_cache(maxsize=1 << 16)
def bare(tok: str) -> str:
    """A token folded for the word lists: no possessive, no trailing dot."""
    t = fold(clean(tok))
    return t[:-2] if t.endswith("'s") else t


@lru_cache(maxsize=1 << 14)
def role_key(phrase: str) -> frozenset[str]:
    """Content words of a role or organisation, countries folded to one form."""
    words = {bare(t) for t in phrase.replace("-", " ").split()} - _CONNECT - {"a", "an", "s"}
    out = {NATIONALITY.get(w, w) for w in words}
    return frozenset("spokesperson" if w.startswith("spokes") else w for w in out)


@dataclass
class Mention:
    """A noun phrase in speaker position, split into name and role."""

    kind: str  # pronoun | person | role | org | country
    text: str  # as written, without a leading article
    name: str = ""
    role: str | None = None
    acronym: str | None = None

    @property
    def generic(self) -> bool:
        """A bare head noun that points back: "the agency", "the government"."""
        return self.kind == "org" and all(not w[:1].isupper() for w in self.text.split())


@dataclass
class Cue:
    """A sentence's own attribution: the reporting verb and its subject."""

    verb: str
    mention: Mention
    direct: bool  # the sentence quotes speech
    rank: tuple[int, int]  # (0 main clause | 1 subordinate | 2 participle, offset)


def is_name_word(tok: str) -> bool:
    """A word that can be part of a person's name (not a title, country or acronym)."""
    b = bare(tok)
    return (
        tok[:1].isupper()
        and not ACRONYM.fullmatch(clean(tok))
        and b not in _DOMAIN
        and b not in NATIONALITY
        and not _possessive(tok)
        and clean(tok) not in STOP
    )


def classify(toks: list[str]) -> Mention | None:
    """Split a noun phrase into its name and role parts and say what it names."""
    toks = [t for t in toks if t]
    acronym = None
    indefinite = bool(toks) and toks[0] in ("a", "A", "an", "An")
    if toks and toks[0] in _DETERMINERS:
        toks = toks[1:]
    if "in" in toks[1:]:  # "the Chinese Embassy in Washington": drop the locative
        toks = toks[: toks.index("in", 1)]
    kept = []
    for t in toks:
        if t.startswith("(") and t.endswith(")"):
            acronym = t[1:-1]
        else:
            kept.append(clean(t))
    toks = [t for t in kept if t]
    if not toks:
        return None
    text = " ".join(toks)
    if len(toks) == 1 and toks[0] in _PRONOUNS:
        return Mention("pronoun", toks[0].lower())
    if fold(text) in _COUNTRY_NAMES:
        return Mention("country", text, text)
    if ACRONYM.fullmatch(toks[-1]) and (len(toks) == 1 or toks[-1] in _AGENCIES):
        return Mention("org", text, toks[-1], None, acronym)
    n = len(toks)
    while n > 0 and (is_name_word(toks[n - 1]) or (toks[n - 1] in PARTICLES and n < len(toks))):
        n -= 1
    name, role_toks = " ".join(toks[n:]), toks[:n]
    core = role_toks[: next((k for k, t in enumerate(role_toks) if t in ("of", "for", "on")), None)]
    heads = [bare(t) for t in core if bare(t) in PERSON_HEADS or bare(t) in ORG_HEADS]
    head = heads[-1] if heads else None
    role = " ".join(t for t in role_toks if bare(t) not in HONORIFICS) or None
    if name:
        if head in ORG_HEADS or name in _AGENCIES:  # "Mexico’s state oil company Pemex"
            return Mention("org", text, name, role, acronym)
        return Mention("person", text, name, role)
    if head in ORG_HEADS:
        m = Mention("org", text, text, None, acronym)
        return None if indefinite and m.generic else m  # "a group called Hamas"
    if head in PERSON_HEADS:
        return Mention("role", text, "", text)
    return None


def np_start(toks: list[str], i: int, allow_comma: bool = False) -> int:
    """Index of the first token of the noun phrase ending at ``toks[i]``."""
    k, head = i, False
    while k >= 0:
        t = toks[k].rstrip(",") if allow_comma and k == i else toks[k]
        if t[-1:] in ',;:”"' and not DOTTED.fullmatch(t):
            break
        if t.startswith("(") and t.endswith(")"):
            k -= 1
            continue
        if t in _DETERMINERS:
            if k > 0 and toks[k - 1] in ("of", "to"):  # "Minister of the Interior"
                k -= 1
                continue
            return k
        c, low = clean(t), bare(t)
        if "(" in t or ")" in t:  # "(EFE).-": a dateline, not part of a name
            break
        ok = (c[:1].isupper() and c not in STOP) or low in _DOMAIN or low in HONORIFICS
        ok = ok or _possessive(t)
        if k < i and (c in ("of", "and", "for", "on") or c in PARTICLES):
            ok = k > 0 and (toks[k - 1][:1].isupper() or bare(toks[k - 1]) in _DOMAIN)
        elif k < i and c in ("in", "to"):  # "Embassy in Washington", "Ambassador to the U.N."
            ok = k > 0 and (bare(toks[k - 1]) in ORG_HEADS or bare(toks[k - 1]) in PERSON_HEADS)
        elif not ok and head and c.isalpha() and c.islower():
            # a few plain modifiers after an article or possessive: "Venezuela’s opposition leader"
            j = k
            while j > k - 3 and j > 0 and toks[j].isalpha() and toks[j].islower():
                j -= 1
            if toks[j] in _DETERMINERS or _possessive(toks[j]):
                k = j
                continue
        if not ok:
            break
        head = head or low in PERSON_HEADS or low in ORG_HEADS
        k -= 1
    return k + 1


def _clause_ok(toks: list[str], j: int) -> int | None:
    """0 main clause, 1 subordinate or reported clause, None: not a subject position."""
    if j < 0:
        return 0
    t = toks[j]
    if t in _SUBORDINATORS:
        return 1
    if t[-1:] in ',;:”"—-' or t in ("and", "but", "And", "But", "–", "—", "-"):
        return 0
    return None


def _subject_before(masked: str, pos: int) -> tuple[Mention, int] | None:
    """The subject of a verb at ``pos`` and its clause rank: adverbs and "on Thursday"
    may stand between, an appositive may follow it ("Mao Ning, a spokesperson, said")."""
    toks = TOKEN.findall(masked[max(0, pos - 240) : pos])
    i = len(toks) - 1
    while i >= 0:
        if toks[i] in _SKIP:
            i -= 1
        elif toks[i] in _DAYS and i > 0 and toks[i - 1] in ("on", "last", "this", "earlier"):
            i -= 2
        else:
            break
    if i < 0:
        return None
    if toks[i] in _PRONOUNS:
        rank = _clause_ok(toks, i - 1)
        return None if rank is None else (Mention("pronoun", toks[i].lower()), rank)
    if toks[i].endswith(","):  # "Name, role," or "role, Name,"
        k = i - 1
        while k > i - 14 and k >= 0 and not toks[k].endswith(","):
            k -= 1
        if k < 0 or not toks[k].endswith(","):
            return None
        inner = toks[k + 1 : i + 1]
        start = np_start(toks, k, allow_comma=True)
        a, b = classify(inner), classify(toks[start : k + 1])
        rank = _clause_ok(toks, start - 1)
        if a is None or b is None or rank is None:
            return None
        if b.kind in ("person", "org") and a.kind in ("role", "org"):
            return Mention(b.kind, b.text, b.name, b.role or a.text, b.acronym), rank
        if a.kind == "person" and b.kind in ("role", "org"):
            return Mention("person", a.text, a.name, b.text), rank
        return None
    start = np_start(toks, i)
    if start > i:
        return None
    rank = _clause_ok(toks, start - 1)
    m = classify(toks[start : i + 1])
    return None if m is None or rank is None else (m, rank)


def _subject_after(masked: str, pos: int) -> Mention | None:
    """The noun phrase after an inverted verb or "according to", with its appositive."""
    toks = TOKEN.findall(masked[pos : pos + 240])
    np: list[str] = []
    for t in toks:
        c = clean(t)
        low = bare(t)
        if not np and t in _DETERMINERS:
            np.append(t)
            continue
        if (
            (c[:1].isupper() and c not in STOP)
            or low in _DOMAIN
            or _possessive(t)
            or (np and c in _NP_LINKS)
        ):
            np.append(t)
            if t[-1:] in ",.;:" and not DOTTED.fullmatch(t):
                break
        else:
            if c.isalpha() and c.islower() and c not in _FOLLOWERS:
                return None  # "according to official figures": the phrase goes on
            break
    if not np:
        return None
    m = classify(np)
    if m is None or not np[-1].endswith(","):
        return m
    second: list[str] = []
    for t in toks[len(np) :]:
        second.append(t)
        if t[-1:] in ",.;:":
            break
    r = classify(second)
    if r is None:
        return m
    if m.kind == "person" and r.kind in ("role", "org"):
        return Mention("person", m.text, m.name, m.role or r.text)
    if m.kind in ("role", "org") and r.kind == "person" and not r.role:
        return Mention("person", r.text, r.name, m.text)
    return m


def find_cue(sentence: Masked) -> Cue | None:
    """The sentence's own attribution: the best-ranked reporting verb with a subject."""
    best: Cue | None = None
    masked = sentence.text
    for vm in _VERB_RE.finditer(masked):
        verb, start, end = vm.group(), vm.start(), vm.end()
        mention, rank = None, (0, start)
        if verb.startswith("declare") and _PERFORMATIVE.match(masked, end):
            continue  # "declared a state of emergency" is an act, not a statement
        if verb.lower() == "according to":
            mention = _subject_after(masked, end)
        elif verb in _PARTICIPLES:
            lead = masked[:start].rstrip()
            if lead.endswith(","):
                mention, rank = _main_subject(masked), (2, start)
            elif lead.endswith(" as"):  # "was quoted as saying"
                mention = _main_subject(masked)
        else:
            got = _subject_before(masked, start)
            if got is not None:
                mention, rank = got[0], (got[1], start)
            elif verb in _INVERTIBLE and masked[:start].rstrip()[-1:] in ',”"':
                mention = _subject_after(masked, end)
        if mention is None or mention.text in ("we", "i"):
            continue
        if best is None or rank < best.rank:
            best = Cue(verb, mention, sentence.speech, rank)
    return best


def _main_subject(masked: str) -> Mention | None:
    """The subject of the sentence's first clause, for "…, saying that …"."""
    for tm in TOKEN.finditer(masked):
        t = tm.group()
        if t[:1].islower() and bare(t) not in _DOMAIN and t not in _CONNECT:
            got = _subject_before(masked, tm.start())
            if got is not None:
                return got[0]
            if t not in _SKIP:
                return None
    return None


APPOSITION = re.compile(r",\s+((?:[^,;:()“”\".]|(?<=[A-Z])\.){3,90}?)(?=[,.;:]|\s*$)")


_NONSPACE = re.compile(r"\S")


@dataclass
class Masked:
    """A sentence with its quoted words replaced by ``_`` (offsets unchanged)."""

    text: str
    inside: bool  # a quotation is still open at the end
    speech: bool  # it quotes speech, not just a scare-quoted word or two


def mask_quotes(s: str, inside: bool) -> Masked:
    """Mask quoted words; ``inside``: the sentence starts inside an open quotation."""
    out: list[str] = []
    last, speech = 0, inside
    for m in _QUOTES.finditer(s):
        ch, p = m.group(), m.start()
        if inside and ch in '”"':
            span = s[last:p].rstrip()
            # "“We will act,” she said" quotes speech; "a “denial”" does not
            speech = speech or span[-1:] in ",.!?…" or len(span.split()) > 3
            out.append(_NONSPACE.sub("_", s[last:p]))
            last, inside = p, False
        elif not inside and ch in '“"':
            out.append(s[last : p + 1])
            last, inside = p + 1, True
    speech = speech or inside
    out.append(_NONSPACE.sub("_", s[last:]) if inside else s[last:])
    return Masked("".join(out), inside, speech)


def headline_cue(text: str, masked: Masked) -> Cue | None:
    m = _HEADLINE_COLON.match(text)
    # "Mao Ning: US should look at itself", not "Published: Apr 12, 2024 09:14 PM"
    if m and m.group(1).split()[0] not in STOP and re.search(r"\b[a-z]+\b", text[m.end() - 1 :]):
        mention = classify(m.group(1).split())
        if mention is not None and mention.kind != "role":
            return Cue(":", mention, False, (0, 0))
    return find_cue(masked)
