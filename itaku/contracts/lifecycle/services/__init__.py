"""Writes of completion, inspection, rework (K-11), invoice and payment (K-12), the late-completion
penalty (K-13), the close, and the parts performed before a termination (K-17).

Each service checks the actor's role on the contract and the clause's conditions, changes the models,
moves the contract's state (through :func:`itaku.contracts.states.move`), appends one journal event and
opens or meets the obligations, in one transaction. Every refusal names its clause. The dates of the
record (reported_on, inspected_on, received_on, paid_on …) are given by the caller: a record is often
entered after the fact.

By subject: :mod:`.completion` (K-11), :mod:`.billing` (K-12), :mod:`.penalty` (K-13), :mod:`.closing`
(the close, K-17); the checks they share are in :mod:`._common`. Everything is re-exported here, so
``from itaku.contracts.lifecycle import services as svc; svc.payment_record(...)`` works.
"""

from ...models.lifecycle import INSPECTION_DAYS, PAYMENT_DAYS
from ._common import (
    amount_to_invoice,
    deduction_totals,
    deductions_working,
    invoice_payable,
    passed_inspection,
    roles_of,
    set_off_total,
    set_off_totals,
)
from .billing import KIND_PAYMENT, invoice_register, paid_by_set_off, payment_due, payment_record
from .closing import contract_close, performed_part_record
from .completion import (
    DELIVERABLE_EXTENSIONS,
    KIND_INSPECTION,
    KIND_REWORK,
    MAX_FILES,
    completion_report,
    inspection_record,
    rework_report,
)
from .penalty import PENALTY_STATES, completion_that_passed, penalty_assess, penalty_settle

__all__ = [
    # the services
    "completion_report", "inspection_record", "rework_report", "invoice_register", "payment_record",
    "penalty_assess", "penalty_settle", "contract_close", "performed_part_record",
    # reads and constants they share with the pages and the API
    "INSPECTION_DAYS", "PAYMENT_DAYS", "DELIVERABLE_EXTENSIONS", "MAX_FILES", "KIND_INSPECTION", "KIND_REWORK",
    "KIND_PAYMENT", "PENALTY_STATES", "roles_of", "passed_inspection", "payment_due", "set_off_total",
    "invoice_payable", "completion_that_passed", "deduction_totals", "deductions_working",
    "paid_by_set_off", "amount_to_invoice", "set_off_totals",
]
