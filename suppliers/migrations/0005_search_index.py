"""What matches the search record's tokens fast, per database, and the records of existing firms.

PostgreSQL: three tsvector columns generated from the token columns (name; tags; everything with
the facets), each with a GIN index. The tokens are taken as they are (array_to_tsvector), so no
text-search parser or dictionary touches them.

SQLite: an FTS5 table over the token columns (external content: the tokens are stored once, in
the search table), kept in step by triggers. The unicode61 tokenizer splits on the spaces.
"""

from django.db import migrations


def _tsvector(columns: str) -> str:
    return f"array_to_tsvector(array_remove(string_to_array({columns}, ' '), ''))"


POSTGRES = [
    f"ALTER TABLE suppliers_firmsearch ADD COLUMN name_tsv tsvector "
    f"GENERATED ALWAYS AS ({_tsvector('name_terms')}) STORED",
    f"ALTER TABLE suppliers_firmsearch ADD COLUMN tag_tsv tsvector "
    f"GENERATED ALWAYS AS ({_tsvector('tag_terms')}) STORED",
    "ALTER TABLE suppliers_firmsearch ADD COLUMN all_tsv tsvector GENERATED ALWAYS AS ("
    + _tsvector("name_terms || ' ' || tag_terms || ' ' || body_terms || ' ' || facet_terms")
    + ") STORED",
    # The token texts go out of line (TOAST) and the tsvectors stay in the row: a search reads
    # only the tsvectors, and rows half the size are read twice as fast.
    "ALTER TABLE suppliers_firmsearch "
    + ", ".join(
        f"ALTER COLUMN {column} SET STORAGE EXTERNAL"
        for column in (
            "name_terms",
            "tag_terms",
            "body_terms",
            "facet_terms",
            "facets",
            "field_codes",
        )
    )
    + ", ALTER COLUMN name_tsv SET STORAGE MAIN, ALTER COLUMN tag_tsv SET STORAGE MAIN"
    + ", ALTER COLUMN all_tsv SET STORAGE MAIN",
    "ALTER TABLE suppliers_firmsearch SET (toast_tuple_target = 256)",
    "CREATE INDEX firmsearch_designated_desc_idx ON suppliers_firmsearch "
    "(listed, designated_on DESC NULLS LAST, name_sort, firm_id)",
    "CREATE INDEX firmsearch_name_tsv ON suppliers_firmsearch USING gin (name_tsv)",
    "CREATE INDEX firmsearch_tag_tsv ON suppliers_firmsearch USING gin (tag_tsv)",
    "CREATE INDEX firmsearch_all_tsv ON suppliers_firmsearch USING gin (all_tsv)",
]
POSTGRES_REVERSE = [
    "DROP INDEX firmsearch_designated_desc_idx",
    "ALTER TABLE suppliers_firmsearch DROP COLUMN all_tsv",
    "ALTER TABLE suppliers_firmsearch DROP COLUMN tag_tsv",
    "ALTER TABLE suppliers_firmsearch DROP COLUMN name_tsv",
]

_COLUMNS = "name_terms, tag_terms, body_terms, facet_terms"
_NEW = "new.name_terms, new.tag_terms, new.body_terms, new.facet_terms"
_OLD = "old.name_terms, old.tag_terms, old.body_terms, old.facet_terms"
SQLITE = [
    f"CREATE VIRTUAL TABLE suppliers_firmsearch_fts USING fts5({_COLUMNS}, "
    "content='suppliers_firmsearch', content_rowid='firm_id', "
    "tokenize='unicode61 remove_diacritics 0')",
    f"""CREATE TRIGGER suppliers_firmsearch_ai AFTER INSERT ON suppliers_firmsearch BEGIN
        INSERT INTO suppliers_firmsearch_fts(rowid, {_COLUMNS}) VALUES (new.firm_id, {_NEW});
    END""",
    f"""CREATE TRIGGER suppliers_firmsearch_ad AFTER DELETE ON suppliers_firmsearch BEGIN
        INSERT INTO suppliers_firmsearch_fts(suppliers_firmsearch_fts, rowid, {_COLUMNS})
        VALUES ('delete', old.firm_id, {_OLD});
    END""",
    f"""CREATE TRIGGER suppliers_firmsearch_au AFTER UPDATE ON suppliers_firmsearch BEGIN
        INSERT INTO suppliers_firmsearch_fts(suppliers_firmsearch_fts, rowid, {_COLUMNS})
        VALUES ('delete', old.firm_id, {_OLD});
        INSERT INTO suppliers_firmsearch_fts(rowid, {_COLUMNS}) VALUES (new.firm_id, {_NEW});
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS suppliers_firmsearch_au",
    "DROP TRIGGER IF EXISTS suppliers_firmsearch_ad",
    "DROP TRIGGER IF EXISTS suppliers_firmsearch_ai",
    "DROP TABLE IF EXISTS suppliers_firmsearch_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def index_existing_firms(apps, schema_editor):
    # The live module, not historical models: the record is built by the code that keeps it.
    from suppliers.searchindex import index_firms

    index_firms(notify=False)


class Migration(migrations.Migration):
    dependencies = [("suppliers", "0004_search_and_inquiries")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
        migrations.RunPython(index_existing_firms, migrations.RunPython.noop),
    ]
