"""The EU's member states and institutions: the participants of a position's EU phase.

Codes are the EU's own (Greece is ``EL``, as in EU documents); names in the reader's language come from
the CLDR territory names (``TERRITORY`` maps the two EU codes that differ from ISO 3166).
"""

from __future__ import annotations

BELGIAN_KINDS = ("federal", "regional", "community", "scientific")
EU_KINDS = ("member_state", "eu_institution")

MEMBER_STATES = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "CY": "Cyprus", "CZ": "Czechia", "DE": "Germany",
    "DK": "Denmark", "EE": "Estonia", "EL": "Greece", "ES": "Spain", "FI": "Finland", "FR": "France",
    "HR": "Croatia", "HU": "Hungary", "IE": "Ireland", "IT": "Italy", "LT": "Lithuania", "LU": "Luxembourg",
    "LV": "Latvia", "MT": "Malta", "NL": "Netherlands", "PL": "Poland", "PT": "Portugal", "RO": "Romania",
    "SE": "Sweden", "SI": "Slovenia", "SK": "Slovakia",
}
EU_INSTITUTIONS = {"COM": "European Commission", "PRES": "Council Presidency"}

TERRITORY = {"EL": "GR"}  # the EU writes Greece EL; CLDR (ISO 3166) writes GR


def is_belgian(kind: str) -> bool:
    """Tell whether an administration of this kind takes part in the Belgian phases."""
    return kind in BELGIAN_KINDS


def territory_of(code: str) -> str | None:
    """The ISO 3166 territory of a member state's EU code (None for anything else)."""
    return TERRITORY.get(code, code) if code in MEMBER_STATES else None
