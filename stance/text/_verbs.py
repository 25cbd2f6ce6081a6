"""Word lists of speech: reporting verbs in their forms, phrasal and object-taking
verbs, and the words around them that turn speech into something else. Data only;
``_speech`` holds the rules."""

from __future__ import annotations


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _bases(stems: str) -> frozenset[str]:
    return frozenset(entry.split(":")[0] for entry in stems.split())


def _forms(stems: str) -> frozenset[str]:
    """``"deny:denies:denied:denying"``-style entries, or a regular verb's base form
    (``"warn"`` → warn, warns, warned): every finite form, and no participle."""
    out: set[str] = set()
    for entry in stems.split():
        if ":" in entry:
            out.update(entry.split(":")[:3])
            continue
        base = entry
        third = base + "es" if base.endswith(("s", "sh", "ch", "x")) else base + "s"
        past = base + "d" if base.endswith("e") else base + "ed"
        out.update((base, third, past))
    return frozenset(out)


# Finite reporting verbs (lowercase only: "States" and "Reports" are names). The base
# form is there for plural subjects: "US officials say", "Agents warn".
_REPORTING = (
    "say:says:said tell:tells:told ask declare insist indicate argue note deny:denies:denied "
    "refute claim stress add affirm report state explain warn assert emphasize emphasise "
    "underline reiterate acknowledge admit:admits:admitted urge accuse blame announce "
    "confirm reject reply:replies:replied respond write:writes:wrote demand vow pledge "
    "promise maintain contend allege caution counter remark observe complain concede "
    "highlight underscore dismiss condemn criticize criticise welcome assure defend call "
    "describe reveal request answer slam:slams:slammed blast deplore cite suggest praise "
    "proclaim signal:signals:signaled signalled:signalled:signalled dispute lament object hail tout boast "
    "question:questions:questioned rebuff predict estimate vent express identify:identifies:identified "
    "tweet"
)
FINITE = _forms(_REPORTING)
BASE_FORMS = _bases(_REPORTING)
# Base forms that are also common nouns ("the Taiwan question") or follow a modal
# ("Canada will add"): a verb only in their other forms.
FINITE -= _set(
    "question call claim report request answer signal estimate dispute object note questions "
    "requests answers signals estimates disputes objects"
)
# Speech only before the clause they report ("charged that", "question whether",
# "anticipated on Tuesday that"): otherwise a noun ("member states") or no speech
# ("charged with fraud", "anticipated the move").
CLAUSE_ONLY = _forms("charge anticipate fear doubt worry:worries:worried") | _set("state states question questions")
FINITE -= CLAUSE_ONLY
# "…,” she continued.": speech only after the quote it closes
TRAILING_ONLY = _set("continued continues")
# A base form after one of these is no report of speech: "will add", "did not say".
MODALS = _set("will would can could should must may might did does do to not never")
# "Lawmakers discuss…", "Sheinbaum addresses…", "Peru seeks China’s help": speech only in a
# headline; in a body, "Ministers discussed aid" reports a meeting.
HEADLINE_ONLY = _forms("discuss address seek:seeks:sought")
PHRASAL = (
    "pointed out", "points out", "point out", "called on", "calls on", "call on",
    "called for", "calls for", "call for", "hit back", "hits back", "fired back",
    "fires back", "fire back", "pushed back", "pushes back", "push back", "struck back",
    "strikes back", "swung back", "swings back", "lashed out", "lashes out", "doubled down",
    "doubles down", "spoke out", "speaks out", "brought up", "brings up", "bring up",
    "pushed the message", "pushes the message", "made the case", "makes the case",
    "brushed aside", "brushes aside", "brush aside", "brushed off", "brushes off", "brush off",
    "spoke of", "speaks of", "speak of", "reacted with", "reacts with", "react with",
)
# Verbs that also stand before their subject: "…,” declared Rosa Icela Rodríguez."
INVERTIBLE = _set(
    "said says added adds declared insisted noted explained stated argued asked stressed warned "
    "affirmed indicated replied responded wrote remarked observed acknowledged admitted "
    "emphasized emphasised underlined reiterated reported answered continued"
) | {"pointed out"}
PARTICIPLES = (
    *"saying adding noting arguing claiming insisting stressing warning explaining stating "
    "denying emphasizing emphasising urging accusing blaming asserting revealing requesting "
    "acknowledging announcing vowing pledging promising suggesting citing describing "
    "venting rejecting dismissing condemning criticizing criticising complaining alleging "
    "reiterating highlighting underscoring slamming blasting signaling signalling disputing "
    "proclaiming answering replying telling demanding maintaining affirming confirming "
    "admitting declaring defending welcoming praising questioning deploring "
    "expressing".split(),
    *("pointing out", "calling on", "calling for", "hitting back", "firing back",
      "pushing back", "swinging back", "striking back", "lashing out", "doubling down",
      "speaking out", "bringing up", "pushing the message", "making the case", "brushing aside",
      "brushing off"),
)
# Verbs that are speech only with a message for object: "issued a statement", "sends
# Xi letter", "expressed strong opposition".
OBJECT_VERBS = _forms("issue release publish:publishes:published send:sends:sent post deliver")
OBJECT_VERBS |= _set("issuing releasing publishing sending posting delivering")
MESSAGES = _set(
    "statement statements report readout communique communiqué letter letters message "
    "messages note memo memorandum warning response rebuttal protest complaint post video "
    "declaration notice"
)
# "to ask", "to proclaim": speech in an infinitive, the subject of its clause speaking
INFINITIVES = _set(
    "ask say proclaim claim insist argue warn deny announce stress note add urge complain "
    "demand accuse blame reiterate declare explain emphasize affirm reject condemn criticize "
    "question express"
)
# "declined to say", "is expected to announce": the speech did not happen
NOT_SPOKEN = _set(
    "declined refused failed not never expected likely scheduled due set plans planned "
    "plan wants wanted want hopes hoped hope going about able unable reluctant invited "
    "allowed permitted authorized decline refuse fail n't cannot won't"
)
AUXILIARIES = _set("is are was were been be 's ’s am")
# "the statement said", "Jian’s statement argued": a message speaks for whoever sent it
MESSAGE_HEADS = _set(
    "statement letter message report post remarks comments readout note communique "
    "response reply speech"
)
# "Beijing’s message has been clear": a position held out as a statement
POSITION_HEADS = _set("message position stance response reply answer")
# "reacted with indignation": a reaction voiced, as against "reacted with alarm" (markets)
REACTIONS = _set("indignation anger outrage fury dismay scorn derision defiance disbelief surprise condemnation")
# Speech that is an act: "declared a state of emergency", "declared war"
PERFORMATIVE_OBJECTS = _set("a an war martial independence bankruptcy curfew")
# "asked not to be identified", "responded … by imposing": no claim of the subject's
ANONYMITY = ("not to be identified", "not to be named", "to remain anonymous", "anonymity")
# Words that can sit between a subject and its verb: adverbs and auxiliaries.
SKIP = _set(
    "also later then further again previously repeatedly once firmly flatly strongly recently "
    "long consistently categorically vehemently emphatically officially formally "
    "separately earlier publicly privately openly already bluntly immediately initially "
    "reportedly subsequently has have had was is were did does would will still now "
    "sharply angrily quickly swiftly falsely furiously forcefully then really"
)
# Time phrases between subject and verb: "on Thursday", "late last month", "this week".
TIME_WORDS = _set(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday week month year day days "
    "weekend morning afternoon evening night today yesterday tonight"
)
TIME_LEADS = _set("on last this earlier late early next past")
# words that may follow a noun phrase after "said"/"according to": "said X on Monday"
FOLLOWERS = _set(
    "on in at during after before about last this earlier to when while as who which that and "
    "but from for with by since amid over under told said added ahead familiar"
)
# Anonymous sources: their relay gives way to the voice they relay.
ANONYMOUS = _set("person people source sources familiar insider insiders")
