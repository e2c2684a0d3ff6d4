"""Schema migrations. Append a new entry for every change; never edit old ones.

``PRAGMA user_version`` holds how many have been applied. Tables are plain so
the file opens in datasette or sqlite-utils.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the initial schema
    """
    CREATE TABLE import_runs (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        records INTEGER NOT NULL DEFAULT 0,
        new INTEGER NOT NULL DEFAULT 0,
        changed INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        warnings TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        namespace TEXT NOT NULL,
        key TEXT NOT NULL,
        type TEXT NOT NULL,
        hash TEXT NOT NULL,
        source TEXT NOT NULL,
        file TEXT,
        line INTEGER,
        first_run INTEGER NOT NULL REFERENCES import_runs(id),
        last_run INTEGER NOT NULL REFERENCES import_runs(id),
        UNIQUE (namespace, key)
    );
    CREATE TABLE persons (
        id TEXT PRIMARY KEY,
        display_name TEXT,
        first_name TEXT,
        last_name TEXT,
        organization TEXT,
        title TEXT,
        is_me INTEGER NOT NULL DEFAULT 0,
        merged_into TEXT REFERENCES persons(id),
        edited_fields TEXT NOT NULL DEFAULT '[]',
        created_run INTEGER REFERENCES import_runs(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX persons_merged_into ON persons(merged_into);
    CREATE TABLE handles (
        id INTEGER PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES persons(id),
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        original TEXT NOT NULL,
        record_id INTEGER REFERENCES records(id),
        run_id INTEGER REFERENCES import_runs(id),
        created_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX handles_strong ON handles(kind, value) WHERE kind != 'name';
    CREATE UNIQUE INDEX handles_name ON handles(kind, value, person_id) WHERE kind = 'name';
    CREATE INDEX handles_person ON handles(person_id);
    CREATE TABLE person_sources (
        person_id TEXT NOT NULL REFERENCES persons(id),
        source TEXT NOT NULL,
        PRIMARY KEY (person_id, source)
    ) WITHOUT ROWID;
    CREATE TABLE tags (
        person_id TEXT NOT NULL REFERENCES persons(id),
        tag TEXT NOT NULL,
        record_id INTEGER REFERENCES records(id),
        PRIMARY KEY (person_id, tag)
    );
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES persons(id),
        text TEXT NOT NULL,
        record_id INTEGER UNIQUE REFERENCES records(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
    );
    CREATE TABLE interactions (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        occurred_at TEXT,
        actor_id TEXT NOT NULL REFERENCES persons(id),
        channel TEXT,
        thread TEXT,
        subject TEXT,
        detail TEXT,
        body TEXT,
        status TEXT
    );
    CREATE INDEX interactions_record ON interactions(record_id);
    CREATE INDEX interactions_actor ON interactions(actor_id);
    CREATE TABLE interaction_targets (
        interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
        person_id TEXT NOT NULL REFERENCES persons(id),
        PRIMARY KEY (interaction_id, person_id)
    ) WITHOUT ROWID;
    CREATE INDEX interaction_targets_person ON interaction_targets(person_id);
    CREATE TABLE referrals (
        id INTEGER PRIMARY KEY,
        record_id INTEGER UNIQUE REFERENCES records(id),
        giver_id TEXT NOT NULL REFERENCES persons(id),
        receiver_id TEXT NOT NULL REFERENCES persons(id),
        prospect_id TEXT REFERENCES persons(id),
        date TEXT,
        status TEXT NOT NULL DEFAULT 'open',
        value TEXT,
        currency TEXT,
        note TEXT,
        edited_fields TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE introductions (
        id INTEGER PRIMARY KEY,
        record_id INTEGER UNIQUE REFERENCES records(id),
        introducer_id TEXT NOT NULL REFERENCES persons(id),
        a_id TEXT NOT NULL REFERENCES persons(id),
        b_id TEXT NOT NULL REFERENCES persons(id),
        date TEXT,
        note TEXT,
        outcome TEXT,
        detected INTEGER NOT NULL DEFAULT 0,
        review TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE merges (
        id INTEGER PRIMARY KEY,
        kept_id TEXT NOT NULL REFERENCES persons(id),
        merged_id TEXT NOT NULL REFERENCES persons(id),
        actor TEXT NOT NULL,
        evidence TEXT NOT NULL,
        created_at TEXT NOT NULL,
        undone_at TEXT
    );
    CREATE TABLE merge_blocks (
        a_id TEXT NOT NULL REFERENCES persons(id),
        b_id TEXT NOT NULL REFERENCES persons(id),
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (a_id, b_id)
    ) WITHOUT ROWID;
    CREATE TABLE source_state (
        namespace TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (namespace, key)
    ) WITHOUT ROWID;
    CREATE VIEW person_canonical AS
    WITH RECURSIVE chain(id, canonical_id) AS (
        SELECT id, id FROM persons WHERE merged_into IS NULL
        UNION ALL
        SELECT p.id, chain.canonical_id FROM persons p JOIN chain ON p.merged_into = chain.id
    )
    SELECT id, canonical_id FROM chain;
    """,
    # 2: identity resolution — blocking keys, merge suggestions, per-run handle lookup
    """
    CREATE INDEX handles_run ON handles(run_id);
    CREATE TABLE name_blocks (
        value TEXT NOT NULL,
        person_id TEXT NOT NULL REFERENCES persons(id),
        PRIMARY KEY (value, person_id)
    ) WITHOUT ROWID;
    CREATE INDEX name_blocks_person ON name_blocks(person_id);
    CREATE TABLE merge_suggestions (
        id INTEGER PRIMARY KEY,
        a_id TEXT NOT NULL REFERENCES persons(id),
        b_id TEXT NOT NULL REFERENCES persons(id),
        score REAL NOT NULL,
        evidence TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        created_run INTEGER REFERENCES import_runs(id),
        created_at TEXT NOT NULL,
        decided_at TEXT,
        UNIQUE (a_id, b_id)
    );
    """,
    # 3: look-ups by (kind, value) with the kind as a parameter: the partial indexes of
    # migration 1 serve only queries naming the kind literally, so these scanned the table
    """
    CREATE INDEX handles_kind_value ON handles(kind, value);
    """,
    # 4: "is this pair already suggested?" looks a person up on either side
    """
    CREATE INDEX merge_suggestions_b ON merge_suggestions(b_id);
    """,
    # 5: "people forget" — keyed tombstones of a forgotten person's handles, and the
    # per-store secret that keys them (so a tombstone does not keep a handle readable)
    """
    CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        value BLOB NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE tombstones (
        kind TEXT NOT NULL,
        digest TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (kind, digest)
    ) WITHOUT ROWID;
    """,
]
