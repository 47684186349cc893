"""`manage.py seed_demo [--password PASSWORD]`: demo accounts and data, safe to run again.

Each app seeds its own part in a function `seed_<part>(*, stdout, password)` that creates only
what is missing; SEED_STEPS runs them in the order the apps depend on each other, all in one
transaction. Later steps (an open call with the default rubric and real designation records,
support programmes) are appended here as their apps arrive.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from designations.demo import seed_calls, seed_designations
from evaluations.demo import seed_evaluation
from programs.demo import seed_programs
from suppliers.demo import DEMO_PASSWORD, seed_accounts, seed_search_index, seed_suppliers

SEED_STEPS = [
    seed_accounts, seed_suppliers, seed_calls, seed_designations, seed_evaluation,
    seed_programs, seed_search_index,
]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Create the demo accounts and about 50 fictional supplier firms. Running it again "
        "creates nothing twice and resets the demo accounts' password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD,
            help=f"password of every demo account (default: {DEMO_PASSWORD})",
        )

    def handle(self, *args, password: str, **options):
        if not password:
            raise CommandError("--password must not be empty.")
        if not settings.DEBUG:
            self.stderr.write(
                "DEBUG is off: the demo accounts, admin@demo.kr (a superuser) among them, can "
                "sign in with this password. Use --password, and do not seed a production site."
            )
        started = time.perf_counter()
        with transaction.atomic():
            for step in SEED_STEPS:
                step(stdout=self.stdout, password=password)
        self.stdout.write(f"seed_demo: done in {time.perf_counter() - started:.1f} s")
