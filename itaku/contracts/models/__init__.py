"""The contracts app's models, one module per subject."""

from .contract import Contract, ContractTemplate, TemplateClause, specification_path  # noqa: F401
from .lifecycle import (  # noqa: F401
    CompletionReport,
    Deliverable,
    Inspection,
    Invoice,
    LatePenalty,
    Payment,
    PerformedPart,
)
from .termination import (  # noqa: F401
    BorneBy,
    DamageEvent,
    ForceMajeureDocument,
    ForceMajeureRequest,
    ForceMajeureState,
    PenaltySettlement,
    Termination,
    TerminationBasis,
    TerminationEvidence,
)
