"""Speaker attribution in Spanish copy: each construction, on made-up text."""

from __future__ import annotations

import pytest

from stance.text import attribute_text
from stance.text._phrases_es import read_es

SOTO = "Javier Soto"
RUIZ = "Ana Ruiz"
LEAD = "Lima, 3 mar (EFE).- El canciller de Perú, Javier Soto, rechazó este lunes las acusaciones de Washington."


def speakers(text: str, lang: str = "es") -> list[str | None]:
    return [s.speaker.name if s.speaker else None for s in attribute_text(text, lang=lang)]


# (text, expected speaker per sentence)
CASES = {
    "verb after the subject, apposition before the verb": (LEAD, [SOTO]),
    "verb before its subject, after a «quote»": (
        "«No aceptamos esa acusación», afirmó el canciller Javier Soto.",
        [SOTO],
    ),
    "a role noun after the quote is the person named before": (
        f"{LEAD}\n\n«No aceptamos esa acusación», dijo el funcionario.",
        [SOTO, SOTO],
    ),
    "a quote of several sentences takes its attribution": (
        f"{LEAD}\n\n«Es falso. No hay pruebas», aseguró Soto.",
        [SOTO, SOTO, SOTO],
    ),
    "the verb after an inverted time phrase and an apposition": (
        "El cargamento venía de Asia, expuso este viernes el ministro del Interior, Luis Vera.",
        ["Luis Vera"],
    ),
    "según": ("Según la cancillería peruana, el diálogo sigue abierto.", ["cancillería peruana"]),
    "de acuerdo con": (
        "De acuerdo con el Departamento de Estado, los químicos llegan por mar.",
        ["Departamento de Estado"],
    ),
    "a relay gives way to the voice it relays": (
        "Según la agencia Andina, el ministro Luis Vera dijo que el buque zarpó de Asia.",
        ["Luis Vera"],
    ),
    "dialogue dashes": (
        "—No vamos a ceder —dijo el ministro Luis Vera—. Lo hemos dicho muchas veces.",
        ["Luis Vera", "Luis Vera"],
    ),
    "an attribution between dashes inside a «quote»": (
        "«No lo aceptamos —dijo el ministro Luis Vera—, es una calumnia».",
        ["Luis Vera"],
    ),
    "a title before the name": (
        "La presidenta Ana Ruiz señaló que su gobierno no aceptará presiones.",
        [RUIZ],
    ),
    "la mandataria is the woman named before": (
        "La presidenta Ana Ruiz señaló que no habrá presiones.\n\n"
        "La mandataria también señaló que el problema es el consumo.",
        [RUIZ, RUIZ],
    ),
    "la mandataria is the woman, though a man spoke since": (
        "La presidenta Ana Ruiz descartó que haya laboratorios en el país.\n\n"
        "\"Pagarán\", escribió Trump en su red social.\n\n"
        "\"Es una calumnia\", respondió la mandataria.",
        [RUIZ, "Trump", RUIZ],
    ),
    "a name before a comma is no role's holder when a clause follows": (
        "La presidenta Ana Ruiz afirmó que el país no tiene miedo.\n\n"
        "Cuestionada sobre las declaraciones de Trump, la mandataria respondió que habrá diálogo.",
        [RUIZ, RUIZ],
    ),
    "a spokesperson with no name is the body just heard": (
        "La Casa Blanca informó que habrá aranceles. El vocero agregó que la relación es buena.",
        ["Casa Blanca", "Casa Blanca"],
    ),
    "a message speaks for its sender; señala que": (
        "La Casa Blanca informó en un comunicado que habrá aranceles.\n\n"
        "El documento señala que México debe actuar.",
        ["Casa Blanca", "Casa Blanca"],
    ),
    "a role given after a preposition, resolved later": (
        "Ruiz instruyó al secretario de Economía, Marcelo Díaz, a preparar el plan.\n\n"
        "El secretario de Economía aseguró que el país está preparado.",
        [None, "Marcelo Díaz"],
    ),
    "a dropped subject is the speaker heard last": (
        f"{LEAD}\n\nAgregó que su gobierno cooperará con la ONU.",
        [SOTO, SOTO],
    ),
    "a dropped subject after a quote": (
        f"{LEAD}\n\n\"No hay laboratorios en el país\", dijo en declaraciones a la prensa.",
        [SOTO, SOTO],
    ),
    "the main clause's speaker, not the subordinate one's": (
        "Luego que el ministro chileno, Pedro Lagos, anunció sanciones, la presidenta Ana Ruiz "
        "señaló que no habrá represalias.",
        [RUIZ],
    ),
    "an interrupter between subject and verb": (
        f"{LEAD}\n\nSoto, en declaraciones a la prensa, insistió en que el país no produce la droga.",
        [SOTO, SOTO],
    ),
    "a relative clause between subject and verb, the apposition kept": (
        "La ministra de Salud, Ana Ruiz, quien llegó ayer a Lima, aseguró que no hay laboratorios.",
        [RUIZ],
    ),
    "a compound tense": ("El ministro Luis Vera ha dicho que el puerto está vigilado.", ["Luis Vera"]),
    "a body, then a role word for it": (
        "La Embajada de Japón en Lima dijo que el caso está cerrado.\n\n"
        "En un comunicado, la legación afirmó que no hay pruebas.",
        ["Embajada de Japón en Lima", "Embajada de Japón en Lima"],
    ),
    "a government is its country": ("El gobierno mexicano rechazó la acusación.", ["Gobierno mexicano"]),
    "a headline in the present tense": ("Perú rechaza las acusaciones de Washington", ["Perú"]),
    "a headline with its source before a colon": ("Soto: no hay laboratorios en Perú", ["Soto"]),
    "a headline with its source and addressee before a colon": (
        "Ruiz a Washington: no cederemos ante presiones",
        ["Ruiz"],
    ),
    "a sentence broken over lines is read whole": (
        f"{LEAD}\nEl pasado lunes, el ministro\nLuis Vera dijo que las pruebas\nno son concluyentes.",
        [SOTO, "Luis Vera", "Luis Vera", "Luis Vera"],
    ),
    "what a statement says, in a relative clause": (
        "La embajada de Japón difundió un comunicado en el que rechaza las acusaciones.",
        ["embajada de Japón"],
    ),
    "only that a statement came out": ("La embajada de Japón difundió un comunicado el martes.", [None]),
    "a document published where the issuer says something": (
        "La Cancillería de Perú ha publicado una hoja informativa donde formaliza su queja contra Chile.",
        ["Cancillería de Perú"],
    ),
    "the speaker, named by a role, doing something": (
        "El presidente Luis Vera aseguró que no habrá represalias. "
        "Pese a la crítica, el mandatario peruano no respondió con sanciones.",
        ["Luis Vera", None],
    ),
    "a voice in a clause of time": (
        "La respuesta llega un día después de que Soto dijo que el puerto estaba cerrado.",
        [None],
    ),
    # no one's speech
    "an impersonal verb": ("Se informó que el buque llegó el martes.", [None]),
    "a question about speech": ("¿Qué dijo Soto sobre el cargamento?", [None]),
    "a negated verb": ("Soto no dijo cuándo viajará a Washington.", [None]),
    "background": ("El buque llegó al puerto del Callao el martes.", [None]),
}


@pytest.mark.parametrize("name", CASES)
def test_construction(name: str) -> None:
    text, expected = CASES[name]
    assert speakers(text) == expected


def test_english_rules_read_none_of_it() -> None:
    """Without the Spanish grammar the same sentences find no speaker: the cases above
    hold because of it."""
    assert speakers(CASES["dialogue dashes"][0], lang="en") == [None, None]
    assert speakers(CASES["a dropped subject is the speaker heard last"][0], lang="en")[1] is None


def test_a_region_subtag_reads_as_spanish() -> None:
    assert speakers(LEAD, lang="es-MX") == [SOTO]


def test_role_kind_and_cue() -> None:
    text = f"{LEAD}\n\n«No aceptamos esa acusación», dijo el funcionario."
    first, second = (s.speaker for s in attribute_text(text, lang="es"))
    assert first is not None and second is not None
    assert (first.role, first.kind, first.how, first.cue) == ("canciller de Perú", "person", "indirect", "rechazó")
    assert (second.role, second.how, second.mention) == ("canciller de Perú", "continuation", "el funcionario")


def test_a_country_speaks_by_the_articles_fullest_name() -> None:
    headline = "EEUU acusa a China de permitir envíos de precursores"
    (alone,) = attribute_text(headline, lang="es")
    assert alone.speaker is not None and (alone.speaker.name, alone.speaker.kind) == ("EEUU", "country")
    first = attribute_text(f"{headline}\n\nLos químicos llegan a Estados Unidos por mar.", lang="es")[0]
    assert first.speaker is not None
    assert (first.speaker.name, first.speaker.mention) == ("Estados Unidos", "EEUU")


def test_role_first_given_is_kept() -> None:
    """The role comes from the first sentence the person speaks in, not a later role noun."""
    text = (
        "La ministra de Salud, Ana Ruiz, quien llegó ayer, aseguró que no hay laboratorios.\n\n"
        "La mandataria también señaló que el problema es el consumo."
    )
    roles = [s.speaker.role for s in attribute_text(text, lang="es") if s.speaker]
    assert roles == ["ministra de Salud", "ministra de Salud"]


@pytest.mark.parametrize(
    ("phrase", "kind", "name", "role"),
    [
        ("el secretario de Marina de México", "role", "", "secretario de Marina de México"),
        ("la presidenta Claudia Núñez", "person", "Claudia Núñez", "presidenta"),
        ("La Embajada de China en México", "org", "Embajada de China en México", None),
        ("el aparato diplomático", "org", "aparato diplomático", None),
        ("funcionarios estadounidenses", "group", "funcionarios estadounidenses", None),
        ("el comunicado de la cancillería", "org", "cancillería", None),
        ("Pekín", "country", "Pekín", None),
    ],
)
def test_read_es(phrase: str, kind: str, name: str, role: str | None) -> None:
    m = read_es(phrase.split())
    assert m is not None
    assert (m.kind, m.name, m.role) == (kind, name, role)


def test_read_es_gender() -> None:
    m = read_es("la mandataria federal".split())
    assert m is not None and m.kind == "role" and m.gender == "f"
