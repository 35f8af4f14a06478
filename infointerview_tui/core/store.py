"""The Store: one object the UI and CLI talk to; it owns every database connection.

Its parts live in their own modules by responsibility; base.py holds the connections.
"""

from __future__ import annotations

from .advice import AdviceQueries
from .agenda import AgendaQueries
from .board import BoardQueries
from .goals import GoalQueries
from .lamp import LampQueries
from .logbook import LogbookQueries
from .method import MethodQueries
from .records import RecordQueries
from .stage_queries import StageQueries
from .templates import TemplateQueries
from .tiara import TiaraQueries
from .workflow import WorkflowQueries


class Store(
    BoardQueries,
    RecordQueries,
    WorkflowQueries,
    AgendaQueries,
    StageQueries,
    MethodQueries,
    LogbookQueries,
    LampQueries,
    AdviceQueries,
    TemplateQueries,
    GoalQueries,
    TiaraQueries,
):
    """The database at `path`, prepared (created, migrated, seeded) on construction."""
