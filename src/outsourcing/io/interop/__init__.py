"""SLAs where they already live: Zendesk SLA policies, ServiceNow SLA definitions, OpenSLO.

Each format is one module with the same shape: a reader taking the parsed document and
returning `ImportedSLAs` (the SLAs, the calendars built, and a note for everything that could
not be represented), and, for OpenSLO, a writer.
"""

from outsourcing.io.interop.imported import ImportedSLAs, ImportNote, NoteCode
from outsourcing.io.interop.openslo import (
    ANNOTATION_PREFIX,
    openslo_documents,
    openslo_slas,
    parse_openslo_duration,
)
from outsourcing.io.interop.servicenow import EncodedQuery, glide_duration, servicenow_slas
from outsourcing.io.interop.zendesk import zendesk_calendar, zendesk_slas

__all__ = [
    "ANNOTATION_PREFIX",
    "EncodedQuery",
    "ImportNote",
    "ImportedSLAs",
    "NoteCode",
    "glide_duration",
    "openslo_documents",
    "openslo_slas",
    "parse_openslo_duration",
    "servicenow_slas",
    "zendesk_calendar",
    "zendesk_slas",
]
