"""Persistence models, one file per aggregate."""

from regstatus.models.change import ChangeEvent
from regstatus.models.jurisdiction import Jurisdiction, JurisdictionName
from regstatus.models.rule import RuleSource, RuleVersion
from regstatus.models.source import Source
from regstatus.models.substance import Substance

__all__ = [
    "ChangeEvent",
    "Jurisdiction",
    "JurisdictionName",
    "RuleSource",
    "RuleVersion",
    "Source",
    "Substance",
]
