"""Writes of the personnel app: the responsibility report (:mod:`.reports`) and what the people it names
acknowledge, attend and pledge (:mod:`.people`)."""

from .people import briefing_acknowledge, dispatch_confirm, pledge_sign, training_record
from .reports import entry_remove, entry_save, report_decide, report_draft, report_submit, roles_of, version_content

__all__ = ["briefing_acknowledge", "dispatch_confirm", "entry_remove", "entry_save", "pledge_sign", "report_decide",
           "report_draft", "report_submit", "roles_of", "training_record", "version_content"]
