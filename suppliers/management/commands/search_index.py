"""`manage.py search_index [--firm ID ...]`: rebuild the registry's search records."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from suppliers.searchindex import index_firms
from suppliers.searchstats import token_shares_refresh


class Command(BaseCommand):
    help = (
        "Rebuild the registry's search records of every firm (or of the given firms). The "
        "services keep them as firms change; this is for data loaded past them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--firm", type=int, action="append", help="a firm id (repeatable)")

    def handle(self, *args, firm: list[int] | None = None, **options):
        started = time.perf_counter()
        with transaction.atomic():
            count = index_firms(firm)
        # Fresh statistics of the tokens, for the planner and for the search's own estimates.
        token_shares_refresh(analyze=True)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"search_index: {count} firms indexed in {elapsed:.1f} s")
