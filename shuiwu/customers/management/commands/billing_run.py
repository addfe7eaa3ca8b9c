"""``shuiwu billing-run --period YYYY-MM``: bill a period for a company (or one reading book), with progress."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from shuiwu.customers import services
from shuiwu.customers.choices import RunStatus
from shuiwu.customers.models import BillingRun, ReadingBook
from shuiwu.org.models import Company


class Command(BaseCommand):
    help = "Bill a period (YYYY-MM) for a company or one of its reading books. Accounts already billed are skipped."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="the month to bill, YYYY-MM")
        parser.add_argument("--company", help="company code (default: the water supply company)")
        parser.add_argument("--book", help="reading book code (default: every book)")

    def handle(self, *args, **options):
        company = self._company(options["company"])
        book = None
        if options["book"]:
            book = ReadingBook.objects.filter(code=options["book"], company=company).first()
            if book is None:
                raise CommandError(f"No reading book {options['book']} in {company.code}.")
        try:
            services.parse_period(options["period"])
        except ValidationError as exc:
            raise CommandError(f"--period: {'; '.join(exc.message_dict['period'])}") from None
        run = BillingRun.objects.create(company=company, period=options["period"], reading_book=book)
        run = services.execute_billing_run(run.pk)
        if run.status != RunStatus.DONE:
            raise CommandError(f"The run failed: {run.error}")
        exceptions = run.exceptions.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.period}: {run.bills} bills, {run.volume_m3:,} m³, {run.amount} yuan; "
                f"{run.skipped} already billed; {exceptions} exceptions"
            )
        )

    @staticmethod
    def _company(code):
        from shuiwu.org.choices import CompanyKind

        companies = Company.objects.filter(code=code) if code else Company.objects.filter(kind=CompanyKind.SUPPLY)
        company = companies.first()
        if company is None:
            raise CommandError(f"No company {code}." if code else "No water supply company: give --company.")
        return company
