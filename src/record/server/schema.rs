//! The shared store's schema: the SQLite store's, version for version, in PostgreSQL's words
//! (`BIGINT` for `INTEGER`, `DOUBLE PRECISION` for `REAL`). Times stay ISO 8601 text in UTC, as
//! in SQLite, so both stores sort and compare them the same way.
//!
//! Rows of calls, events and digests belong to the login that wrote them (`db_user`, filled by the server, not by tread):
//! row-level security lets a seat read and finish only its own calls, and add events only to
//! them; members of `tread_report` read everything; the owner, who runs the migrations and
//! prunes, is not bound by the policies.

/// `MIGRATIONS[n]` takes a shared store from schema `n` to `n + 1`, as the SQLite store's do.
pub const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE calls (
        id TEXT PRIMARY KEY,
        seat TEXT NOT NULL,
        person TEXT NOT NULL,
        started TEXT NOT NULL,
        offset_minutes BIGINT NOT NULL,
        ended TEXT,
        ending TEXT,
        tree_title TEXT NOT NULL,
        tree_version TEXT,
        tree_review_due TEXT,
        tree_path TEXT NOT NULL,
        tree_sha256 TEXT NOT NULL,
        tread_version TEXT NOT NULL,
        red_flags TEXT NOT NULL,
        outcome_node TEXT,
        outcome_title TEXT,
        urgency TEXT
    );
    CREATE INDEX calls_by_start ON calls (started);
    CREATE TABLE events (
        call_id TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
        seq BIGINT NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        node TEXT NOT NULL,
        title TEXT NOT NULL,
        answer TEXT,
        idx BIGINT,
        red_flag BIGINT NOT NULL DEFAULT 0,
        positive BIGINT NOT NULL DEFAULT 0,
        text TEXT,
        draft BIGINT NOT NULL DEFAULT 0,
        urgency TEXT,
        PRIMARY KEY (call_id, seq)
    );
",
    "
    -- Schema 2: events may be of kind 'checklist'. The tables are unchanged.
    SELECT 1;
",
    "
    ALTER TABLE events ADD COLUMN value TEXT;
    ALTER TABLE events ADD COLUMN rank BIGINT;
    ALTER TABLE calls ADD COLUMN outcome_rank BIGINT;
    CREATE TABLE quiz_results (
        id TEXT PRIMARY KEY,
        taken TEXT NOT NULL,
        name TEXT NOT NULL,
        seat TEXT NOT NULL,
        tree_title TEXT NOT NULL,
        tree_sha256 TEXT NOT NULL,
        mode TEXT NOT NULL,
        seed BIGINT,
        cases BIGINT NOT NULL,
        answers_right BIGINT NOT NULL,
        answers BIGINT NOT NULL,
        outcomes_right BIGINT,
        seconds DOUBLE PRECISION NOT NULL,
        of_cases BIGINT NOT NULL,
        signs_missed BIGINT NOT NULL
    );
",
    "
    -- Schema 4: a call in one row for reports, the paths they name by number, and who wrote
    -- each row.
    CREATE TABLE digests (
        call_id TEXT PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
        started TEXT NOT NULL,
        seat TEXT NOT NULL,
        tree_sha256 TEXT NOT NULL,
        day TEXT NOT NULL,
        ending TEXT NOT NULL,
        outcome_node TEXT,
        urgency TEXT,
        outcome_rank BIGINT,
        steps BIGINT NOT NULL,
        backs BIGINT NOT NULL,
        seconds BIGINT,
        path_id BIGINT NOT NULL,
        signs TEXT,
        back_from TEXT
    );
    CREATE INDEX digests_report ON digests (day, tree_sha256, outcome_node, ending, backs,
        urgency, outcome_rank, seat, started);
    CREATE INDEX digests_seconds ON digests (tree_sha256, seconds, seat, started)
        WHERE seconds IS NOT NULL;
    CREATE INDEX digests_paths ON digests (path_id, outcome_node, seat, started, tree_sha256);
    CREATE INDEX digests_signs ON digests (signs, seat, started, tree_sha256)
        WHERE signs IS NOT NULL;
    CREATE INDEX digests_backs ON digests (back_from, seat, started, tree_sha256)
        WHERE back_from IS NOT NULL;
    -- Keyed by number and text: a report takes only the text whose hash is the number, so a
    -- row a seat made up for another path's number is never shown.
    CREATE TABLE paths (
        path_id BIGINT NOT NULL,
        path TEXT NOT NULL,
        PRIMARY KEY (path_id, path)
    );
    CREATE INDEX events_signs ON events (node) WHERE kind = 'step' AND red_flag = 1 AND positive = 1;
    CREATE INDEX events_backs ON events (node) WHERE kind = 'back';
    CREATE INDEX calls_open ON calls (started) WHERE ended IS NULL;
    CREATE INDEX calls_by_tree ON calls (tree_sha256, outcome_node);
    -- What tread writes, and nothing else: a row another program (or a seat by hand) made
    -- otherwise would trip every report that reads it.
    ALTER TABLE calls ADD CONSTRAINT calls_id_is_a_uuid
        CHECK (id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$');
    ALTER TABLE calls ADD CONSTRAINT calls_started_is_a_time
        CHECK (started ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$');
    ALTER TABLE calls ADD CONSTRAINT calls_ended_is_a_time
        CHECK (ended ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$');
    ALTER TABLE calls ADD CONSTRAINT calls_tree_is_a_hash
        CHECK (tree_sha256 ~ '^[0-9a-f]{64}$');
    ALTER TABLE digests ADD CONSTRAINT digests_tree_is_a_hash
        CHECK (tree_sha256 ~ '^[0-9a-f]{64}$');
    ALTER TABLE calls ADD CONSTRAINT calls_offset_is_a_place
        CHECK (offset_minutes BETWEEN -1439 AND 1439);
    ALTER TABLE events ADD CONSTRAINT events_at_is_a_time
        CHECK (at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$');
    ALTER TABLE digests ADD CONSTRAINT digests_day_is_a_date
        CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
    ALTER TABLE calls ADD COLUMN db_user TEXT NOT NULL DEFAULT session_user;
    ALTER TABLE events ADD COLUMN db_user TEXT NOT NULL DEFAULT session_user;
    ALTER TABLE digests ADD COLUMN db_user TEXT NOT NULL DEFAULT session_user;
    ALTER TABLE calls ENABLE ROW LEVEL SECURITY;
    ALTER TABLE events ENABLE ROW LEVEL SECURITY;
    ALTER TABLE digests ENABLE ROW LEVEL SECURITY;
    -- A seat reads and adds its own calls, and finishes one only while it may still be taken
    -- up again: a call that reached its outcome, or was ended for the next caller, is final.
    CREATE POLICY own_calls_read ON calls FOR SELECT USING (db_user = session_user);
    CREATE POLICY own_calls_add ON calls FOR INSERT WITH CHECK (db_user = session_user);
    CREATE POLICY own_calls_finish ON calls FOR UPDATE
        USING (db_user = session_user
               AND ending IS DISTINCT FROM 'outcome' AND ending IS DISTINCT FROM 'next caller')
        WITH CHECK (db_user = session_user);
    CREATE POLICY own_events ON events
        USING (db_user = session_user)
        WITH CHECK (db_user = session_user
                    AND EXISTS (SELECT 1 FROM calls c WHERE c.id = call_id AND c.db_user = session_user));
    CREATE POLICY own_digests_read ON digests FOR SELECT USING (db_user = session_user);
    -- A digest says what its call says: the same start, seat, tree and ending.
    CREATE POLICY own_digests_add ON digests FOR INSERT
        WITH CHECK (db_user = session_user
                    AND EXISTS (SELECT 1 FROM calls c
                                WHERE c.id = digests.call_id AND c.db_user = session_user
                                  AND c.started = digests.started AND c.seat = digests.seat
                                  AND c.tree_sha256 = digests.tree_sha256
                                  AND c.ending = digests.ending
                                  AND c.outcome_node IS NOT DISTINCT FROM digests.outcome_node
                                  AND c.urgency IS NOT DISTINCT FROM digests.urgency
                                  AND c.outcome_rank IS NOT DISTINCT FROM digests.outcome_rank
                                  AND digests.day = to_char((c.started::timestamptz AT TIME ZONE 'UTC')
                                          + c.offset_minutes * interval '1 minute', 'YYYY-MM-DD')));
    CREATE POLICY own_digests_finish ON digests FOR UPDATE
        USING (db_user = session_user
               AND ending IS DISTINCT FROM 'outcome' AND ending IS DISTINCT FROM 'next caller')
        WITH CHECK (db_user = session_user
                    AND EXISTS (SELECT 1 FROM calls c
                                WHERE c.id = digests.call_id AND c.ending = digests.ending
                                  AND c.outcome_node IS NOT DISTINCT FROM digests.outcome_node
                                  AND c.urgency IS NOT DISTINCT FROM digests.urgency
                                  AND c.outcome_rank IS NOT DISTINCT FROM digests.outcome_rank));
    CREATE POLICY reports_read_calls ON calls FOR SELECT
        USING (EXISTS (SELECT 1 FROM pg_roles r
                       WHERE r.rolname = 'tread_report' AND pg_has_role(session_user, r.oid, 'MEMBER')));
    CREATE POLICY reports_read_events ON events FOR SELECT
        USING (EXISTS (SELECT 1 FROM pg_roles r
                       WHERE r.rolname = 'tread_report' AND pg_has_role(session_user, r.oid, 'MEMBER')));
    CREATE POLICY reports_read_digests ON digests FOR SELECT
        USING (EXISTS (SELECT 1 FROM pg_roles r
                       WHERE r.rolname = 'tread_report' AND pg_has_role(session_user, r.oid, 'MEMBER')));
",
];

/// What the roles may do, given again after every migration (a role made later gets its
/// rights at the next `tread store migrate`). Seats add calls and events and finish their own
/// calls (the columns an ending sets, nothing else); reports read.
pub const GRANTS: &str = "
DO $grants$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tread_seat') THEN
        GRANT SELECT ON tread_schema TO tread_seat;
        GRANT SELECT, INSERT ON calls, events, digests, paths TO tread_seat;
        GRANT UPDATE (ended, ending, outcome_node, outcome_title, urgency, outcome_rank)
            ON calls TO tread_seat;
        GRANT UPDATE (ending, outcome_node, urgency, outcome_rank, steps, backs, seconds,
                      path_id, signs, back_from) ON digests TO tread_seat;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tread_report') THEN
        GRANT SELECT ON tread_schema, calls, events, digests, paths TO tread_report;
    END IF;
END
$grants$;
";
