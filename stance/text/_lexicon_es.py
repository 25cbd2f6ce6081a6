"""Word lists of Spanish attribution: reporting verbs in the forms news copy uses,
heads of the noun phrases that speak, and the small words around them. Data only;
``_speech_es`` holds the rules. Entries are folded (lowercase, no accents) unless
they say otherwise."""

from __future__ import annotations


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _regular(infinitive: str) -> set[str]:
    """Third-person forms of a regular verb (preterite, present, imperfect), its
    participle and future-free compound forms, folded: ``afirmar`` → afirmo, afirmaron,
    afirma, afirman, afirmaba, afirmaban, afirmado."""
    stem, end = infinitive[:-2], infinitive[-2:]
    if end == "ar":
        return {stem + s for s in ("o", "aron", "a", "an", "aba", "aban", "ado")}
    return {stem + s for s in ("io", "ieron", "e", "en", "ia", "ian", "ido")}


# Verbs that report speech in any of their forms (folded: "afirmó" → "afirmo").
_ALWAYS = (
    "afirmar asegurar senalar explicar acusar rechazar declarar indicar expresar insistir "
    "subrayar enfatizar reiterar agregar anadir precisar manifestar denunciar criticar "
    "aseverar comentar mencionar informar anunciar admitir puntualizar recalcar lamentar "
    "exigir instar urgir responder contestar replicar preguntar cuestionar condenar acotar "
    "confirmar refutar reprochar alertar sentenciar revelar detallar argumentar remarcar "
    "resaltar opinar asentar agradecer culpar responsabilizar tuitear aclarar negar "
    "reconocer advertir apuntar amenazar prometer garantizar descartar arremeter recriminar "
    "defender plantear achacar solicitar ironizar bromear"
)
_IRREGULAR = (
    "dijo dijeron dice dicen decia decian dicho "
    "sostuvo sostuvieron sostiene sostienen sostenia sostenido "
    "advirtio advirtieron advierte advierten advertia advertido "
    "nego negaron niega niegan negaba negado "
    "expuso expusieron expone exponen expuesto "
    "reconocio reconocieron reconoce reconocen reconocido "
    "pidio pidieron pide piden pedido "
    "sugirio sugirieron sugiere sugieren sugerido "
    "desmintio desmintieron desmiente desmienten desmentido "
    "concluyo concluyeron concluye concluyen "
    "escribio escribieron escribe escriben escrito "
    "propuso propusieron propone proponen propuesto"
)
# Verbs that report speech only with a clause after them ("avanzó que", "calificó de"):
# "las tropas avanzaron" and "destacó en el torneo" report none.
_WITH_CLAUSE = "avanzar adelantar recordar considerar estimar calificar destacar mantener"
_WITH_CLAUSE_IRREGULAR = "recuerda recuerdan mantuvo mantuvieron mantiene mantienen"
#: "calificó de", "consideró que": what must follow a verb of ``WITH_CLAUSE``
CLAUSE_OPENERS = _set("que de como :")

# "apunta a", "señala a" also mean "aims at", "points at": in the present, speech only
# before their clause ("señala que")
_POINTING = _set("apunta apuntan senala senalan")
VERBS: frozenset[str] = frozenset(
    set().union(*(_regular(v) for v in _ALWAYS.split())) | set(_IRREGULAR.split())
) - _POINTING
WITH_CLAUSE: frozenset[str] = (
    frozenset(set().union(*(_regular(v) for v in _WITH_CLAUSE.split())) | set(_WITH_CLAUSE_IRREGULAR.split()))
    | _POINTING
)
#: roles that speak for a body: unnamed, "el portavoz" is the body just heard
SPOKESPEOPLE = _set(
    "portavoz vocero vocera funcionario funcionaria representante delegado delegada enviado "
    "enviada agente oficial"
)
#: Participles of compound tenses: "ha dicho", "había avanzado"
PARTICIPLE_ENDINGS = ("ado", "ido", "dicho", "expuesto", "escrito")
AUXILIARIES = _set("ha han habia habian habria habrian hubo hubiera")
#: "según X", "de acuerdo con X": the source follows
ACCORDING = ("segun", "de acuerdo con", "a decir de", "en palabras de")

# -- the phrase around the verb ------------------------------------------------------
DETERMINERS = _set("el la los las un una unos unas lo su sus este esta estos estas")
FEMININE = _set("la las una unas esta estas")
MASCULINE = _set("el los un unos este estos")
PREPOSITIONS = _set("de del en con a al para por sobre ante desde hacia entre tras contra sin")
#: a word that ends the subject: what stands before it is another clause
SUBORDINATORS = _set(
    "que quien quienes cuando como si porque aunque mientras donde cual cuales pues "
    "cuyo cuya segun"
)
CONJUNCTIONS = _set("y e pero o u ni sino")
#: adverbs and time words that sit between a subject and its verb, or open a sentence
ADVERBS = _set(
    "tambien ademas ya nuevamente luego despues hoy ayer anoche manana entonces incluso "
    "finalmente igualmente asimismo recientemente previamente anteriormente posteriormente "
    "publicamente tajantemente enfaticamente firmemente categoricamente claramente "
    "reiteradamente posteriormente inmediatamente solo apenas todavia aun antes "
    "personalmente directamente abiertamente textualmente literalmente"
)
TIME_WORDS = _set(
    "lunes martes miercoles jueves viernes sabado domingo semana mes ano dia manana tarde "
    "noche madrugada fin"
)
TIME_LEADS = _set("este esta el la ese esa pasado pasada mismo misma ultimo ultima")
#: object pronouns before a verb ("le dijo"); "se" makes it impersonal ("se le preguntó")
CLITICS = _set("le les lo la los las me te nos")
NEGATIONS = _set("no nunca jamas tampoco")
QUESTION_WORDS = _set("que como cuando donde quien quienes cual cuales cuanto cuanta por")
PRONOUNS = {"el": "he", "ella": "she", "ellos": "they", "ellas": "they"}

# -- heads of the phrases that speak ----------------------------------------------------
ROLE_HEADS = _set(
    "presidente presidenta mandatario mandataria secretario secretaria canciller ministro "
    "ministra portavoz vocero vocera embajador embajadora funcionario funcionaria titular "
    "jefe jefa director directora gobernador gobernadora senador senadora diputado diputada "
    "legislador legisladora lider dirigente subsecretario subsecretaria fiscal procurador "
    "procuradora comisionado comisionada asesor asesora enviado enviada representante "
    "vicepresidente vicepresidenta alcalde alcaldesa general almirante comandante primer "
    "primera premier zar experto experta analista especialista investigador investigadora "
    "periodista reportero reportera corresponsal agente oficial consejero consejera "
    "coordinador coordinadora delegado delegada negociador negociadora encargado "
    "encargada jefe ejecutivo rey reina papa juez jueza magistrado magistrada"
)
PLURAL_HEADS = _set(
    "funcionarios autoridades fuentes legisladores expertos analistas agentes oficiales "
    "diplomaticos representantes senadores diputados lideres dirigentes especialistas "
    "investigadores medios gobiernos ministros secretarios voceros portavoces"
)
ORG_HEADS = _set(
    "embajada gobierno ministerio secretaria cancilleria departamento administracion "
    "agencia oficina comision consejo comite partido congreso senado camara fiscalia "
    "procuraduria ejercito marina armada policia guardia casa presidencia consulado "
    "organizacion organismo institucion instituto empresa compania banco diario periodico "
    "cadena dependencia tribunal corte corporacion asociacion federacion fundacion "
    "universidad legacion aparato equipo representacion mision sede delegacion cartel "
    "pentagono kremlin onu oms"
)
#: heads that name any body: "el aparato diplomático", "la legación" after the embassy spoke
HYPERNYMS = _set(
    "aparato legacion equipo representacion mision sede delegacion dependencia organismo "
    "institucion entidad oficina"
)
MESSAGE_HEADS = _set(
    "comunicado pronunciamiento declaracion declaraciones nota texto documento carta "
    "misiva mensaje informe reporte respuesta posicionamiento escrito publicacion hoja"
)
#: capitalised words of titles and institutions: never part of a person's name
DOMAIN = _set(
    "estado estados unidos unidas naciones marina defensa hacienda relaciones exteriores "
    "asuntos exterior gobernacion seguridad nacional federal republica senado congreso camara "
    "casa blanca ministerio secretaria embajada cancilleria gobierno departamento tesoro "
    "comercio salud justicia fiscalia guardia ejercito fuerza fuerzas aerea armada policia "
    "presidencia oficina agencia administracion comite comision consejo partido economia "
    "proteccion ciudadana publica interior energia desarrollo social cooperacion "
    "internacional mandataria mandatario presidente presidenta canciller general "
    "ejecutivo legislativo judicial suprema corte tribunal"
)
#: capitalised words that open sentences or label things but never belong to a name
STOP = _set(
    "El La Los Las Un Una Unos Unas Lo En Por Para Con Sin Sobre Según Segun De Del Desde "
    "Durante Tras Ante Este Esta Estos Estas Ese Esa Eso Esto Aquel Además Asimismo También "
    "Pero Y No Sí Ya Así Al Nosotros Yo Él Ella Ellos Ellas Hoy Ayer Luego Después Entonces "
    "Cuando Si Aunque Mientras Hasta Ni Otro Otra Cada Todo Todos Su Sus Mi Nuestro "
    "Nuestra Pese Dada Dado Ante Qué Cómo Es Son Fue Hay Sin Le Se A O Incluso Tanto "
    "Lunes Martes Miércoles Jueves Viernes Sábado Domingo Enero Febrero Marzo Abril Mayo "
    "Junio Julio Agosto Septiembre Octubre Noviembre Diciembre Señor Señora Don Doña"
)
# Countries (the English lists' codes), their Spanish names and nationality adjectives.
_COUNTRIES = (
    "us:Estados_Unidos:estadounidense china:China:chino mexico:México:mexicano "
    "canada:Canadá:canadiense peru:Perú:peruano colombia:Colombia:colombiano "
    "chile:Chile:chileno argentina:Argentina:argentino venezuela:Venezuela:venezolano "
    "bolivia:Bolivia:boliviano ecuador:Ecuador:ecuatoriano guatemala:Guatemala:guatemalteco "
    "cuba:Cuba:cubano brazil:Brasil:brasileño spain:España:español france:Francia:francés "
    "germany:Alemania:alemán britain:Reino_Unido:británico russia:Rusia:ruso "
    "japan:Japón:japonés korea:Corea:coreano italy:Italia:italiano"
)


def _adjective_forms(adj: str) -> list[str]:
    """"chino" → chino, china, chinos, chinas; "francés" → frances, francesa, …"""
    a = fold_plain(adj)
    if a.endswith("o"):
        return [a, a[:-1] + "a", a + "s", a[:-1] + "as"]
    if a.endswith("e"):
        return [a, a + "s"]
    return [a, a + "a", a + "es", a + "as"]


_PLAIN = str.maketrans("áéíóúüñàèìòù", "aeiouunaeiou")


def fold_plain(word: str) -> str:
    """Lowercase without accents, for these lists."""
    return word.lower().translate(_PLAIN)


#: how a country is written in Spanish, fullest first (its government's name is searched
#: for first: "Gobierno de México", "gobierno mexicano")
COUNTRY_FORMS = {
    c: (n.replace("_", " "),) for c, n, _ in (e.split(":") for e in _COUNTRIES.split())
} | {
    "us": ("Estados Unidos", "EEUU", "EE.UU.", "EE. UU.", "EU", "Washington"),
    "china": ("China", "Pekín", "Beijing"),
    "canada": ("Canadá", "Ottawa"),
}
#: nationality adjectives by country: "gobierno mexicano"
ADJECTIVES = {c: a for c, _, a in (e.split(":") for e in _COUNTRIES.split())}
#: country words and adjectives (folded) → code; with the English lists they name a country
NATIONALITY = {
    "eeuu": "us", "ee.uu.": "us", "ee.uu": "us", "eu": "us", "norteamericano": "us",
    "norteamericana": "us", "norteamericanos": "us",
}
for _c, _n, _a in (e.split(":") for e in _COUNTRIES.split()):
    NATIONALITY[fold_plain(_n.replace("_", " "))] = _c
    NATIONALITY.update(dict.fromkeys(_adjective_forms(_a), _c))
#: capitals (folded) → code: "Pekín rechazó…"
CAPITAL_OF = {"pekin": "china", "ciudad de mexico": "mexico"}
