"""Phrases shared by several documents: persons, agreements, place names, safe file names.

These are the small grammatical decisions a template cannot make by itself (« né » or
« née », « marié sous le régime … »), kept out of the templates so that an office can
restyle the wording around them without re-deriving the grammar. The one place for them:
a template writes the agreed word the context gives, never a form of its own.

- a person (``person_context``): ``a.ne``, ``a.e`` (« dit{{ a.e }} »), ``a.situation``,
  ``a.a_lieu_naissance`` (« au Port »);
- persons together (``group_context``: buyers, allocataires, adhérents): ``denommes``
  (« dénommé » … « dénommées »), ``soussignes``, ``il``, ``eux``, ``un_d_eux`` (« l’un
  d’eux », « l’une d’elles »), ``je_soussigne`` (« Je soussignée », « Nous soussignés »),
  ``declare``, ``mon``; one man among them makes the masculine plural;
- the notary (``notary_context``): ``notaire.soussigne``, ``notaire.a_residence``;
- a legal person (``legal_person_context``: seller, mandataire, organisme de foncier
  solidaire): ``represente``, ``denomme``, ``e``, ``nom_article`` (« la Commune de
  Saint-Denis »), ``par_nom``, and ``representant.autorise`` by the représentant’s civilité;
- a place (``place_context``): ``a_NAME``, ``A_NAME``, ``de_NAME`` (``a_lieu``, ``de_lieu``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from .. import french
from ..case_types import Case
from ..render import RenderSettings, compiler_for
from ..render.code_cache import Compiler

_SITUATION = {
    "celibataire": ("célibataire", "célibataire"),
    "marie": ("marié", "mariée"),
    "pacse": ("lié par un pacte civil de solidarité", "liée par un pacte civil de solidarité"),
    "divorce": ("divorcé", "divorcée"),
    "veuf": ("veuf", "veuve"),
    "concubin": ("vivant en concubinage", "vivant en concubinage"),
}


def feminine(person: Mapping[str, Any]) -> bool:
    return person["civilite"] == "Madame"


def agreed(word: str, people: Sequence[Mapping[str, Any]]) -> str:
    """A past participle or adjective agreed with one person or several: « soussigné »,
    « soussignée », « soussignés » (one man among them is enough), « soussignées »."""
    fem = all(feminine(p) for p in people)
    plural = len(people) > 1
    return word + ("e" if fem else "") + ("s" if plural else "")


def pronouns(people: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """The words that stand for one person or several: il/elle/ils/elles, « l’un d’eux »."""
    fem = all(feminine(p) for p in people)
    if len(people) == 1:
        return {"il": "elle" if fem else "il", "eux": "elle" if fem else "lui", "un_d_eux": ""}
    return {
        "il": "elles" if fem else "ils",
        "eux": "elles" if fem else "eux",
        "un_d_eux": "l’une d’elles" if fem else "l’un d’eux",
    }


# --------------------------------------------------------------------------- places

_ELIDED = "AEIOUYÂÊÎÔÛÉÈËÏÜŒaeiouyâêîôûéèëïüœ"


def _article_split(name: str) -> tuple[str, str]:
    """(article, rest) of a place name: « Le Port » → ("Le", "Port"), « L’Étang-Salé » →
    ("L’", "Étang-Salé"), « Saint-Denis » → ("", "Saint-Denis")."""
    for article in ("Le ", "La ", "Les "):
        if name.startswith(article) and len(name) > len(article):
            return article.strip(), name[len(article) :]
    if name.startswith(("L’", "L'")) and len(name) > 2:
        return name[:2], name[2:]
    return "", name


def a_lieu(name: str) -> str:
    """« à » before a place name, contracted with its article: « au Port », « aux Avirons »,
    « à La Possession », « à L’Étang-Salé », « à Saint-Denis ». The rule of the language,
    with no list of names: the article is part of the name (capital kept, the name as
    typed), « à le » and « à les » contract, « à la » and « à l’ » do not."""
    article, rest = _article_split(name)
    if article == "Le":
        return f"au {rest}"
    if article == "Les":
        return f"aux {rest}"
    return f"à {name}"


def de_lieu(name: str) -> str:
    """« de » before a place name: « du Port », « des Avirons », « de La Possession »,
    « de L’Étang-Salé », « d’Aulnay-sous-Bois », « de Saint-Denis » (« de » elides before
    a vowel; before an h, whose aspiration no rule tells, it stays whole)."""
    article, rest = _article_split(name)
    if article == "Le":
        return f"du {rest}"
    if article == "Les":
        return f"des {rest}"
    if not article and name[:1] in _ELIDED:
        return f"d’{name}"
    return f"de {name}"


# --------------------------------------------------------------------------- legal persons

# The gender of the common noun a legal person's name or legal form begins with; a name that
# begins with none of them (« Habitat Rhône Solidaire ») is a name of its own, with no article.
_HEADS = {
    "agence": "f",
    "association": "f",
    "caisse": "f",
    "collectivité": "f",
    "communauté": "f",
    "commune": "f",
    "coopérative": "f",
    "fédération": "f",
    "fondation": "f",
    "métropole": "f",
    "mutuelle": "f",
    "région": "f",
    "société": "f",
    "union": "f",
    "ville": "f",
    "département": "m",
    "établissement": "m",
    "groupement": "m",
    "office": "m",
    "organisme": "m",
    "syndicat": "m",
}


def _head(text: str) -> str | None:
    """The gender of the noun a name or a legal form begins with, if it is one of ``_HEADS``."""
    first = text.split(maxsplit=1)[0].lower() if text.strip() else ""
    return _HEADS.get(first.split("’")[0].split("'")[0])


def legal_person_context(person: Mapping[str, Any]) -> dict[str, Any]:
    """A legal person's fields plus its agreed words. Its gender is that of the noun its
    legal form begins with (« société … représentée », « établissement public … représenté »),
    else its name's, else feminine (« la société », the common case); its name takes an
    article when it begins with a common noun (« la Commune de Saint-Denis », « la Société
    Dionysienne… ») and none when it is a name of its own (« Habitat Rhône Solidaire »)."""
    name = person["denomination"]
    name_gender = _head(name)
    gender = _head(person.get("forme_juridique", "")) or name_gender or "f"
    fem = gender == "f"
    if name_gender is None:
        with_article = name
    elif name[:1] in _ELIDED:
        with_article = f"l’{name}"
    else:
        with_article = ("la " if name_gender == "f" else "le ") + name
    ctx = dict(person)
    ctx.update(
        e="e" if fem else "",
        represente="représentée" if fem else "représenté",
        denomme="dénommée" if fem else "dénommé",
        nom_article=with_article,
        par_nom=f"par {with_article}",
    )
    if "representant" in person:
        ctx["representant"] = representative_context(person["representant"])
    return ctx


def representative_context(person: Mapping[str, Any]) -> dict[str, Any]:
    """A représentant's fields plus « autorisé » or « autorisée » by the représentant's civilité."""
    ctx = dict(person)
    ctx.update(e="e" if feminine(person) else "", autorise=agreed("autorisé", [person]))
    return ctx


def notary_context(notary: Mapping[str, Any]) -> dict[str, Any]:
    """The notary's fields plus « soussigné » or « soussignée » (Maître is epicene, the
    civilité says) and « à » contracted before the residence."""
    ctx = dict(notary)
    ctx.update(soussigne=agreed("soussigné", [notary]), a_residence=a_lieu(notary["residence"]))
    return ctx


def place_context(fields: Mapping[str, Any], *names: str) -> dict[str, Any]:
    """A copy of ``fields`` with ``a_NAME``, ``A_NAME`` (a sentence's start: « Au Port »)
    and ``de_NAME`` for each place ``NAME`` it has."""
    ctx = dict(fields)
    for name in names:
        if name in fields:
            ctx["a_" + name] = a_lieu(fields[name])
            ctx["A_" + name] = capitalized(a_lieu(fields[name]))
            ctx["de_" + name] = de_lieu(fields[name])
    return ctx


# --------------------------------------------------------------------------- persons


def person_context(person: Mapping[str, Any]) -> dict[str, Any]:
    """A buyer's fields plus the agreed words the acts need."""
    fem = feminine(person)
    situation = _SITUATION[person["situation_matrimoniale"]][1 if fem else 0]
    regime = person.get("regime_matrimonial")
    if regime:
        if regime.startswith(("communauté", "séparation", "participation")):
            situation += f" sous le régime de la {regime}"
        else:
            situation += f", {regime}"
    ctx = place_context(person, "lieu_naissance")
    ctx.update(
        ne="née" if fem else "né",
        e="e" if fem else "",
        situation=situation,
        nom_complet=f"{person['civilite']} {person['prenoms']} {person['nom'].upper()}",
    )
    return ctx


def names_of(people: Sequence[Mapping[str, Any]]) -> str:
    """« Monsieur Jean DUPONT et Madame Marie DUPONT »."""
    names = [f"{p['civilite']} {p['prenoms']} {p['nom'].upper()}" for p in people]
    return " et ".join(names)


def group_context(people: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The words that agree with the buyers (or adhérents, allocataires) together:
    ``pluriel``, ``denommes`` (« dénommé » … « dénommées »), ``soussignes``, ``il``,
    ``eux``, ``un_d_eux`` (« l’un d’eux », « l’une d’elles », empty for one person), and the
    first person of a letter they sign (« Je soussignée », « Nous soussignés », « déclare »,
    « déclarons », « mon », « notre »)."""
    plural = len(people) > 1
    soussignes = agreed("soussigné", people)
    return {
        "pluriel": plural,
        "nombre": len(people),
        "denommes": agreed("dénommé", people),
        "soussignes": soussignes,
        **pronouns(people),
        "je_soussigne": ("Nous " if plural else "Je ") + soussignes,
        "declare": "déclarons" if plural else "déclare",
        "mon": "notre" if plural else "mon",
        "noms": names_of(people),
    }


def buyers_designation(people: Sequence[Mapping[str, Any]]) -> str:
    """« Ci-après dénommée « L’ACQUÉREUR ». », « Ci-après dénommés ensemble … »."""
    words = group_context(people)
    if len(people) == 1:
        return f"Ci-après {words['denommes']} «\u202fL’ACQUÉREUR\u202f»."
    shares = [p.get("quote_part") for p in people]
    together = f"Ci-après {words['denommes']} ensemble «\u202fL’ACQUÉREUR\u202f»"
    joint = f"agissant solidairement entre {words['eux']}."
    if all(s is not None for s in shares):
        parts = " et ".join(
            f"{p['prenoms']} {p['nom'].upper()} à concurrence de {french.format_percent(s)}"
            for p, s in zip(people, shares)
        )
        return f"{together}, acquérant en indivision\u00a0: {parts}, et {joint}"
    return f"{together}, {joint}"


_COMPILERS: dict[tuple[str, bool], Compiler] = {}


def compiler(case: Case) -> Compiler:
    """The Jinja environment of the case's documents, for its clause files
    (``render.compiler_for``), one per process and per currency and spelling: a clause file
    is compiled once for all the cases that share them."""
    op = case["operation"]
    settings = RenderSettings(
        currency=op["devise"],
        reform1990=op.get("orthographe") == "rectifiee_1990",
        author="",
        timestamp=datetime(1980, 1, 1),
        reference="",
    )
    key = settings.environment_key
    if key not in _COMPILERS:
        _COMPILERS[key] = compiler_for(settings)
    return _COMPILERS[key]


def capitalized(text: str) -> str:
    """« l’Union d’économie sociale » → « L’Union d’économie sociale » (start of a sentence)."""
    return text[:1].upper() + text[1:]


_ORDINALS = {
    2: "deuxième",
    3: "troisième",
    4: "quatrième",
    5: "cinquième",
    6: "sixième",
    7: "septième",
    8: "huitième",
    9: "neuvième",
    10: "dixième",
    11: "onzième",
    12: "douzième",
}


def ordinal(n: int) -> str:
    """« sixième »: the ordinals a guarantee clause needs (2 to 12)."""
    return _ORDINALS[n]


def fraction_denominator(n: int, *, reform1990: bool = False) -> str:
    """The denominator of a share in letters, plural: 10 000 → « dix-millièmes », 1 000 →
    « millièmes », 245 → « deux cent quarante-cinquièmes » (the ordinal drops a final e,
    cinq takes a u, neuf a v; a compound of mille is hyphenated, as the dictionaries write
    « dix-millième »)."""
    words = french.spell_number(int(n), reform1990=reform1990)
    if words.startswith(("un million", "un-million")):
        words = words[3:]
    if words.endswith(("cents", "vingts")):
        words = words[:-1]
    if words.endswith("e"):
        words = words[:-1]
    elif words.endswith("q"):
        words += "u"
    elif words.endswith("f"):
        words = words[:-1] + "v"
    words += "ièmes"
    if words.endswith("millièmes"):
        words = words.replace(" ", "-")
    return words
