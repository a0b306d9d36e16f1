"""Persistence models, one file per aggregate."""

from regstatus.models.advisory import Advisory, AdvisorySource
from regstatus.models.change import ChangeEvent
from regstatus.models.contact import Contact
from regstatus.models.dataset import DatasetVersion
from regstatus.models.governance import Governance, GovernanceSource
from regstatus.models.jurisdiction import Jurisdiction, JurisdictionName
from regstatus.models.measure import MeasureSource, PendingMeasure
from regstatus.models.report import CorrectionReport
from regstatus.models.rule import RuleSource, RuleVersion
from regstatus.models.source import Source
from regstatus.models.source_check import SourceCheck
from regstatus.models.substance import Substance

__all__ = [
    "Advisory",
    "AdvisorySource",
    "ChangeEvent",
    "Contact",
    "CorrectionReport",
    "DatasetVersion",
    "Governance",
    "GovernanceSource",
    "Jurisdiction",
    "JurisdictionName",
    "MeasureSource",
    "PendingMeasure",
    "RuleSource",
    "RuleVersion",
    "Source",
    "SourceCheck",
    "Substance",
]
