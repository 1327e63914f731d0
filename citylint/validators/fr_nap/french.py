"""transport-validator's English texts inside fr_nap findings, in French.

transport-validator writes an English ``details`` text on many issues ("The stop is referenced by a stop time
but does not exist") and names objects by their gtfs-structures type ("Stop", "Trip"). The findings keep them
as written (JSON stays comparable with transport-validator's output); a French message renders them through
this table (called by :func:`citylint.localize.localized_fields`). Every pattern is tested on a real finding
(tests/test_fr_nap_platform.py), and a text no pattern knows is left as it is — never guessed.

French titles of the issue types are transport.data.gouv.fr's own (transport-site
``priv/gettext/fr/LC_MESSAGES/gtfs-transport-validator.po``), in the rules-fr_nap catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# The platform's own French titles of transport-validator's issue types (transport-site
# gtfs_transport_validator.ex ``issues_short_translation`` and
# priv/gettext/fr/LC_MESSAGES/gtfs-transport-validator.po, typos included: they are what producers read
# there).
PLATFORM_TITLES = {
    "UnusedStop": "Arrêt inutilisé",
    "Slow": "Vitesse entre deux arrêts très faible",
    "ExcessiveSpeed": "Vitesse excessive entre deux arrêts",
    "NegativeTravelTime": "Temps de trajet négatif entre deux arrêts",
    "CloseStops": "Arrêts trop proches",
    "NullDuration": "Temps de trajet nul entre deux arrêts",
    "InvalidReference": "Référence invalide",
    "InvalidArchive": "Archive ZIP invalide",
    "MissingRouteName": "Nom de route manquant",
    "MissingId": "Identifiant manquant",
    "MissingCoordinates": "Coordonnées manquantes",
    "MissingName": "Nom manquant",
    "InvalidCoordinates": "Coordonnées invalide",
    "InvalidRouteType": "Type de route invalide",
    "MissingUrl": "URL manquante",
    "InvalidUrl": "URL invalide",
    "InvalidTimezone": "Fuseau horaire invalide",
    "DuplicateStops": "Arrêts en double",
    "DuplicateStopSequence": "Doublon de stop_sequence dans un trajet",
    "MissingPrice": "Prix manquant",
    "InvalidCurrency": "Devise invalide",
    "InvalidTransfers": "Correspondance invalide",
    "InvalidTransferDuration": "Durée de correspondance invalide",
    "MissingLanguage": "Langue manquante",
    "InvalidLanguage": "Langue invalide",
    "DuplicateObjectId": "Identifiant d’objet en double",
    "UnloadableModel": "Spécifications GTFS non respectées",
    "MissingMandatoryFile": "Fichier obligatoire manquant",
    "ExtraFile": "Fichier superflus",
    "ImpossibleToInterpolateStopTimes": "Interpolation de certains horaires impossible",
    "InvalidStopLocationTypeInTrip": "Type d'arrêt invalide dans un trajet",
    "InvalidStopParent": "Arrêt parent invalide",
    "IdNotAscii": "Identifiant non encodé en ASCII",
    "InvalidShapeId": "Shape ID invalide",
    "UnusedShapeId": "Shape ID inutilisé",
    "SubFolder": "Fichiers dans un sous-dossier",
    "NegativeStopDuration": "Temps d'arrêt négatif",
    "UnusableTrip": "Trajet non utilisable",
    "NoCalendar": "Les fichiers de calendrier sont vides. Le service n'est jamais en exploitation.",
    "MissingAgencyId": "Le champ agency_id ne doit pas être vide.",
}

# gtfs-structures' object types (ObjectType) and location types as they appear in fields, in French.
OBJECT_TYPES = {
    "Stop": "arrêt",
    "Route": "ligne",
    "Trip": "course",
    "Agency": "agence",
    "Calendar": "calendrier",
    "Shape": "tracé",
    "Fare": "tarif",
    "Pathway": "cheminement",
    "FeedInfo": "informations du jeu",
    "StopTime": "horaire",
    "Transfer": "correspondance",
}
LOCATION_TYPES = {
    "StopArea": "zone d'arrêt (station)",
    "StationEntrance": "entrée de station",
    "GenericNode": "nœud générique",
    "BoardingArea": "zone d'embarquement",
}
_REFERRED = {
    "stop": "L'arrêt",
    "trip": "La course",
    "route": "La ligne",
    "agency": "L'agence",
    "service": "Le service",
}
_REFERRERS = {
    "by a stop time": "par un horaire",
    "by a trip": "par une course",
    "by a route": "par une ligne",
    "as a stop's parent_station": "comme parent_station d'un arrêt",
}
_EXPECTED = {
    "a whole number >= 0": "un nombre entier positif ou nul",
    "a whole number between -32768 and 32767": "un nombre entier entre -32 768 et 32 767",
}

_FIXED = {
    "Latitude and longitude are missing": "latitude et longitude manquantes",
    # sic upstream: transport-validator's text when only one coordinate is missing
    "Coordinates are ok": "une des deux coordonnées manque",
    "a shape point is at 0,0": "un point du tracé est en 0,0",
    "it's not valid for a stop area to have a parent station": "une zone d'arrêt ne peut pas avoir de "
    "station parente",
    "The parent of a stop point should be a stop area": "le parent d'un point d'arrêt doit être une zone "
    "d'arrêt",
    "The parent of a generic node or an entrance should be a stop area": "le parent d'un nœud générique ou "
    "d'une entrée doit être une zone "
    "d'arrêt",
    "The parent of a boarding area should be a stop point": "le parent d'une zone d'embarquement doit être "
    "un point d'arrêt",
    "The mandatory file was not found": "le fichier obligatoire est introuvable",
}


def _where(text: str) -> str:
    """``row 3 stop_lat`` → ``ligne 3, champ stop_lat``."""
    match = re.fullmatch(r"row (\d+) (\S+)", text)
    if match:
        return f"ligne {match[1]}, champ {match[2]}"
    match = re.fullmatch(r"row (\d+)", text)
    return f"ligne {match[1]}" if match else f"champ {text}"


def _refused(m: re.Match[str]) -> str:
    expected = _EXPECTED.get(m[5], m[5].replace(" or ", " ou "))
    return f"{m[1]}, ligne {m[2]} : la valeur « {m[4]} » du champ {m[3]} est refusée (attendu : {expected})"


def _referenced(m: re.Match[str]) -> str | None:
    if m[2] not in _REFERRERS:
        return None
    agreement = "e" if m[1] in ("trip", "route", "agency") else ""
    return f"{_REFERRED[m[1]]} est référencé{agreement} {_REFERRERS[m[2]]} mais n'existe pas"


def _location_type(m: re.Match[str]) -> str:
    kind = LOCATION_TYPES.get(m[1], f"type d'emplacement {m[1]}")
    return f"un arrêt de type {kind} ne peut pas figurer dans un horaire"


# (upstream or citylint English text, its French): a template over the match's groups, or a function of the
# match. The unloadable-model reasons are those TvModel.unloadable_reasons writes; their order matters (first
# match wins).
_PATTERNS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str | None]], ...] = tuple(
    (re.compile(pattern), french)
    for pattern, french in (
        (r"The (stop|trip|route|agency|service) is referenced (.+) but does not exist", _referenced),
        (
            r"The route type '(.*)' is not part of the main GTFS specification",
            "le type de ligne « {1} » ne fait pas partie de la spécification GTFS de base",
        ),
        (
            r"The agency ID must be filled for route '(.*)'",
            "l'agency_id de la ligne « {1} » doit être rempli",
        ),
        (r"invalid shape id: (.*)", "shape_id invalide : {1}"),
        (
            r"Departure time before arrival time at stop sequence (.*)",
            "heure de départ antérieure à l'heure d'arrivée au stop_sequence {1}",
        ),
        (r"A (\w+|Unknown\(-?\d+\)) cannot be referenced by a stop time", _location_type),
        (r": Shape has duplicated pt_sequence: (.*)", " : le tracé répète les shape_pt_sequence {1}"),
        (r"(\S+): row (\d+) (\S+) value `(.*)` is refused \(expected (.+)\)", _refused),
        (
            r"(\S+): (.+) does not parse \((\w+)\)",
            lambda m: f"{m[1]}, {_where(m[2])} : valeur illisible ({m[3]})",
        ),
        (r"(\S+): invalid header", "{1} : en-tête invalide"),
        (r"(\S+): (\w+)", "{1} : fichier illisible ({2})"),
        (r"(\S+): (\S+) empty or not a valid value", "{1} : le champ {2} est vide ou sa valeur est invalide"),
        (r"(\S+) is missing", "le fichier {1} est absent"),
        (r"(\S+): (\S+) (.+) is not in (\S+)", "{1} : {2} « {3} » est absent de {4}"),
    )
)


def details_fr(text: str) -> str | None:
    """``text`` in French, or ``None`` when no pattern knows it."""
    if text in _FIXED:
        return _FIXED[text]
    for pattern, french in _PATTERNS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        if callable(french):
            return french(match)
        return french.format(match[0], *match.groups())
    return None


def translate_details(fields: dict[str, Any], lang: str) -> dict[str, Any]:
    if lang != "fr":
        return fields
    out = dict(fields)
    for key in ("details",):
        value = out.get(key)
        if isinstance(value, str) and value:
            out[key] = details_fr(value) or value
    if isinstance(out.get("objectType"), str):
        out["objectType"] = OBJECT_TYPES.get(out["objectType"], out["objectType"])
    return out
