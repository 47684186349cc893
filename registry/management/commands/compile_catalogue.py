"""Compile the translation catalogues (.po -> .mo) without GNU gettext, and check them.

`--check` fails when a catalogue has an untranslated or fuzzy entry, or a placeholder that the
translation drops, so the Korean site never shows a stray English string.
"""

import re
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo; with --check, fail on untranslated or fuzzy."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, **options):
        problems: list[str] = []
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                problems += self._problems(po_path, catalogue)
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                self.stdout.write(
                    f"{po_path}: {len(catalogue.translated_entries())} translated, "
                    f"{len(catalogue.untranslated_entries())} untranslated, "
                    f"{len(catalogue.fuzzy_entries())} fuzzy"
                )
        if options["check"] and problems:
            raise CommandError("\n".join(problems))

    def _problems(self, po_path: Path, catalogue) -> list[str]:
        found = []
        for entry in catalogue.untranslated_entries():
            found.append(f"{po_path}:{entry.linenum}: untranslated: {entry.msgid!r}")
        for entry in catalogue.fuzzy_entries():
            found.append(f"{po_path}:{entry.linenum}: fuzzy: {entry.msgid!r}")
        for entry in catalogue.translated_entries():
            texts = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
            wanted = sorted(set(_PLACEHOLDER.findall(entry.msgid)))
            for text in texts:
                if sorted(set(_PLACEHOLDER.findall(text))) != wanted:
                    found.append(f"{po_path}:{entry.linenum}: placeholders differ: {entry.msgid!r}")
        return found
