"""Word lists of segmentation and attribution: abbreviations, titles, heads of noun
phrases, countries and news agencies (reporting verbs are in ``_verbs``). Data only;
``_segment``, ``_phrases`` and ``_speech`` hold the rules."""

from __future__ import annotations

from ._lexicon_es import CAPITAL_OF as CAPITAL_OF_ES
from ._lexicon_es import NATIONALITY as NATIONALITY_ES


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


SUBORDINATORS = _set(
    "as while although though because since after before when whereas if unless even that "
    "who which whom whose where As While Although Though Because Since After Before When If"
)
PRONOUNS = _set("he she they it He She They It")
CONNECT = _set("of and for on de del la da do dos van von der bin al y the")
PARTICLES = _set("de del la da do dos van von der bin al y")
DETERMINERS = _set(
    "the The a A an An two Two three Three four Four five Five several Several many Many some "
    "Some other Other both Both most Most few Few its his her their Its His Her Their another Another"
)
NP_LINKS = _set("of and for on the") | PARTICLES
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
    "Five Several Many Some Most Both Neither Thousands Hundreds Dozens What Who How Why Where "
    "Which Whom"
)
# A group speaks as a group: "US officials said" never names one of them.
PLURAL_HEADS = _set(
    "officials diplomats leaders aides sources ministers lawmakers legislators spokespeople "
    "rebels militants experts analysts economists negotiators delegates authorities agents "
    "senators politicians participants representatives members investigators prosecutors "
    "researchers scientists activists critics officers governments groups organizations "
    "organisations companies firms countries nations institutions"
)
# "A handful of", "dozens of", "Over 130", "one": how many of a group speak, never its name
QUANTITY_NOUNS = _set(
    "handful number majority minority couple dozens hundreds thousands few some many most "
    "several all none each both"
)
APPROXIMATORS = _set("over Over about About some Some nearly Nearly almost Almost around Around roughly Roughly")
NUMBER_WORDS = _set("one One two Two three Three four Four five Five six Six seven Seven eight Eight")
# Plural heads that only point back: "Officials said" after "Mexican authorities announced".
BARE_GROUPS = _set("officials authorities sources")
PERSON_HEADS = (
    _set(
        "minister ministers secretary secretary-general spokesperson spokesman spokeswoman "
        "spokespeople president vice-president premier chancellor ambassador envoy official officials "
        "diplomat diplomats leader leaders governor mayor senator lawmaker lawmakers legislator "
        "representative adviser advisor director director-general chief head commissioner "
        "prosecutor attorney general commander undersecretary chair chairman chairwoman chairperson "
        "executive analyst expert economist negotiator delegate king queen prince princess pope "
        "treasurer admiral colonel captain officer inspector judge congressman congresswoman aide "
        "deputy coordinator czar tsar rebels militants administrator correspondent anchor "
        "reporter host scholar professor researcher amb counterpart"
    )
    | PLURAL_HEADS
)
ORG_HEADS = _set(
    "government ministry department embassy consulate agency administration office commission "
    "council committee bank fund organization organisation union party parliament congress "
    "senate court police army military navy guard service company corporation firm group "
    "association federation institute university house kremlin pentagon times post news press "
    "network programme program alliance authority authorities board bureau cabinet coalition "
    "forum foundation secretariat command reserve movement militia front centers center centre "
    "centres team caucus treasury bloc"
)
# "the American side", "the Chinese side": the country speaking
COUNTRY_HEADS = _set("side")
GENERIC = _set("official diplomat leader aide source")
# Capitalised words of titles and institution names ("Secretary of Security and Citizen
# Protection", "White House"): part of a role, never of a person's name.
DOMAIN = (
    _set(
        "foreign affairs state security homeland national citizen protection public interior defense "
        "defence justice commerce trade treasury finance economy economic health energy environment "
        "education labor labour agriculture industry development cooperation international relations "
        "external exterior social welfare transport transportation tourism culture information "
        "communications technology science mines mining oil electricity power water planning "
        "immigration migration customs border drug drugs enforcement control crime intelligence "
        "central federal deputy vice prime senior special permanent acting former white climate "
        "united states nations european world global food human rights monetary atomic safety emergency "
        "unification cabinet ministry top coast trade wire news"
    )
    | PERSON_HEADS
    | ORG_HEADS
)
HONORIFICS = _set(
    "mr mrs ms dr prof sir madam sen rep gov gen lt col capt adm maj sgt rev honourable "
    "honorable hon"
)
MALE = _set("he mr spokesman chairman congressman king prince sir his")
FEMALE = _set("she ms mrs spokeswoman chairwoman congresswoman queen princess madam her")
# Country, adjective: enough to tell a country speaker from a person and to match
# "Mexico’s secretary" with "the Mexican secretary".
COUNTRIES = dict(
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
NATIONALITY = {adj: c for c, adj in COUNTRIES.items()} | {c: c for c in COUNTRIES}
NATIONALITY |= {
    "united states": "us", "u.s": "us", "u.s.": "us", "usa": "us", "america": "us",
    "american": "us", "uk": "britain", "u.k.": "britain", "britain": "britain", "british": "britain",
}
# Spanish country words and adjectives ("gobierno mexicano", "EEUU"): the same codes,
# so a role or body compares across the two ("presidente mexicano", "presidente de
# México"); capitals stay below; "EU" (the European Union in English) and "frances"
# (Frances, a first name) stay Spanish-only.
NATIONALITY |= {
    w: c for w, c in NATIONALITY_ES.items() if w not in ("eu", "frances") and w not in CAPITAL_OF_ES
}
# A capital speaking is its country's government: "Ottawa said".
CAPITAL_OF = dict(
    pair.split(":")
    for pair in (
        "washington:us beijing:china moscow:russia tokyo:japan london:britain paris:france "
        "berlin:germany ottawa:canada kyiv:ukraine tehran:iran seoul:korea islamabad:pakistan "
        "ankara:turkey madrid:spain rome:italy caracas:venezuela havana:cuba manila:philippines "
        "brasilia:brazil brasília:brazil bogota:colombia bogotá:colombia lima:peru "
        "canberra:australia"
    ).split()
)
CAPITAL_OF["mexico city"] = "mexico"
CAPITAL_OF |= CAPITAL_OF_ES
CAPITALS = frozenset(CAPITAL_OF)
COUNTRY_NAMES = frozenset(COUNTRIES) | CAPITALS | {"united states", "the united states", "america"}
# How a country is written, for naming it: "US" for what the article calls "US".
COUNTRY_FORMS = {"us": ("US", "U.S.", "United States", "USA", "America")}
AGENCIES = _set("EFE Reuters AFP AP Xinhua dpa ANSA Kyodo Yonhap TASS IANS PTI AAP Bloomberg")


# -- segmentation -------------------------------------------------------------------
# Titles that are never the last word of a sentence.
TITLE_ABBREVIATIONS = frozenset(
    "mr mrs ms messrs dr prof gov sen rep gen lt col capt cmdr sgt adm maj brig "
    "hon rev fr pres supt insp amb atty vs v e.g i.e cf approx nos".split()
)
# AP style's US state abbreviations (case matters: "Ill." is a state, "ill." a word); like
# the ambiguous ones below, they end a sentence only before a typical opener.
STATE_ABBREVIATIONS = frozenset(
    "Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo "
    "Mont Neb Nev Okla Ore Pa Tenn Vt Va Wash Wis Wyo".split()
)
# Abbreviations that end a sentence only when a typical sentence opener follows.
ABBREVIATIONS_AMBIGUOUS = frozenset(
    "u.s u.k u.n e.u u.s.a p.m a.m d.c inc corp ltd co jr sr st mt ave blvd dept "
    "etc al bros jan feb mar apr jun jul aug sep sept oct nov dec pct".split()
)
MONTHS_BEFORE_NUMBERS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec no nos".split())
SENTENCE_OPENERS = frozenset(
    "The A An It He She They We I This That These Those There In On At But And "
    "However Its His Her Their Our Meanwhile Still Yet So Officials Police "
    "According After Before During While Although Since If When As Last".split()
)
# Reporting verbs after a quote that ends in ? or !: "“Why?” Tariq Hussain, …, said".
TAIL_VERBS = _set("said says asked asks added told wrote replied insisted declared stressed argued noted warned explained")
