"""``appended``: sent by :func:`itaku.journal.services.journal_append` for each event, inside the
transaction of the change it records (``event``: the new :class:`~itaku.journal.models.Event`)."""

from django.dispatch import Signal

appended = Signal()
