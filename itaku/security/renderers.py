"""The documents of the security app, registered with the documents app."""

from .questionnaire_renderers import fs_pdf, fs_xlsx  # noqa: F401  (registers F-S as PDF and XLSX)
