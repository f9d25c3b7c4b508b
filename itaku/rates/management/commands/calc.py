"""``itaku calc tax|interest|penalty``: the same calculations as the calculator page and the API, with
their working, the result as the last line (``result: N``), ``--json``, and ``--pdf FILE`` for the
calculation sheet."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from itaku.core.exceptions import ClauseViolation
from itaku.rates.calculator import calc_interest, calc_penalty, calc_tax
from itaku.rates.sheet import sheet_pdf


class Command(BaseCommand):
    help = ("Calculate the consumption tax (K-3), late-payment interest (K-12) or a late-completion "
            "penalty (K-13) and print the working; the last line is 'result: N' (yen).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="calculation", required=True, metavar="{tax,interest,penalty}")

        def common(p):
            p.add_argument("--json", action="store_true", help="print the working as one JSON object")
            p.add_argument("--pdf", metavar="FILE", help="also write the calculation sheet (A4 PDF) to FILE")

        tax = sub.add_parser("tax", help="the consumption tax inside a tax-inclusive amount (K-3)")
        tax.add_argument("--amount", required=True, help="the amount, tax included, in yen")
        tax.add_argument("--rounding", choices=["down", "half_up", "up"],
                         help="rounding of the tax part (default: the setting ITAKU_TAX_ROUNDING)")
        common(tax)

        interest = sub.add_parser("interest", help="late-payment interest (K-12, 支払遅延防止法8条)")
        interest.add_argument("--amount", required=True, help="the unpaid amount in yen")
        interest.add_argument("--due", required=True, help="the payment deadline, YYYY-MM-DD")
        interest.add_argument("--paid", required=True, help="the day of payment, YYYY-MM-DD")
        rate = interest.add_mutually_exclusive_group()
        rate.add_argument("--signed", help="the contract's signing date: the rate in force then applies")
        rate.add_argument("--rate", help="the rate the contract states, percent a year")
        interest.add_argument("--basis", default="", help="where the contract states --rate")
        common(interest)

        penalty = sub.add_parser("penalty", help="late-completion penalty (K-13, 民法404条)")
        penalty.add_argument("--amount", required=True,
                             help="the contract amount (or, with --unperformed, the unperformed part) in yen")
        penalty.add_argument("--end", required=True, help="the end date of the contract, YYYY-MM-DD")
        penalty.add_argument("--completed", required=True, help="the day the work was completed, YYYY-MM-DD")
        penalty.add_argument("--rate", help="a rate the contract states, percent a year "
                                            "(default: the statutory rate when the delay began)")
        penalty.add_argument("--basis", default="", help="where the contract states --rate")
        penalty.add_argument("--unperformed", action="store_true",
                             help="the amount is the unperformed part (the delay matters little)")
        common(penalty)

    def handle(self, *args, **options):
        try:
            working = self.calculate(options)
        except ClauseViolation as exc:
            raise CommandError(str(exc)) from exc
        if options.get("pdf"):
            path = Path(options["pdf"])
            try:
                path.write_bytes(sheet_pdf(working))
            except OSError as exc:
                raise CommandError(f"cannot write {path}: {exc.strerror}") from exc
        if options.get("json"):
            self.stdout.write(json.dumps(working.as_dict(), ensure_ascii=False, indent=2))
        else:
            for line in working.lines():
                self.stdout.write(line)

    @staticmethod
    def calculate(options):
        kind = options["calculation"]
        if kind == "tax":
            return calc_tax(amount=options["amount"], rounding=options.get("rounding"))
        if kind == "interest":
            return calc_interest(amount=options["amount"], due_on=options["due"], paid_on=options["paid"],
                                 signed_on=options.get("signed"), percent=options.get("rate"),
                                 basis=options.get("basis") or "")
        return calc_penalty(amount=options["amount"], ends_on=options["end"], completed_on=options["completed"],
                            percent=options.get("rate"), basis=options.get("basis") or "",
                            unperformed=options.get("unperformed", False))
