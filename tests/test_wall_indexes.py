"""Page 1000 costs what page 1 does: every wall query seeks into an index, on SQLite and on PostgreSQL.

The statements checked are the ones the app really sends (captured while it builds a page), explained by
the database they run on. Run with --db postgres for PostgreSQL's plans.
"""

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import event, insert, text

from wall.extensions import db
from wall.public.queries import page_keys, random_story_id, wall_page
from wall.reactions.models import ReactionCount
from wall.stories.models import Story
from wall.themes import THEMES


def _seed(n: int = 3000) -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rng = random.Random(7)
    rows = [
        {"body": f"Step {i}.", "state": "published" if i % 10 else "in_review", "hidden": i % 97 == 0,
         "published_at": start + timedelta(minutes=i) if i % 10 else None,
         "theme": rng.choice(THEMES).slug if i % 3 else None}
        for i in range(n)
    ]  # fmt: skip
    db.session.execute(insert(Story), rows)
    reactions = [
        {"story_id": i + 1, "kind": "helped", "count": 3, "updated_at": start} for i in range(0, n, 3)
    ]
    db.session.execute(insert(ReactionCount), reactions)
    db.session.commit()
    with db.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()


def _captured(fn) -> list[tuple[str, object]]:
    seen = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    return seen


def _plan(statement: str, parameters) -> str:
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
        cursor.execute(prefix + statement, parameters)
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())
    finally:
        raw.close()


def _assert_seeks(plan: str) -> None:
    if db.engine.dialect.name == "sqlite":
        assert "USING INDEX ix_stories" in plan or "USING COVERING INDEX ix_stories" in plan, plan
        assert "SCAN stories" not in plan and "TEMP B-TREE" not in plan, plan
    else:
        assert "Index" in plan and "ix_stories" in plan, plan
        assert "Seq Scan" not in plan and "Sort" not in plan, plan


def test_every_wall_query_seeks_into_an_index(app):
    with app.app_context():
        _seed()
        deep = wall_page(20, before=None)
        for _ in range(50):  # walk 50 pages down, then ask for the next one, and one back up
            deep = wall_page(20, before=deep.older)
        themed = wall_page(20, theme="family")
        calls = [
            lambda: wall_page(20),
            lambda: wall_page(20, before=deep.older),
            lambda: wall_page(20, after=deep.newer),
            lambda: wall_page(20, theme="family", before=themed.older),
            lambda: page_keys(20, before=deep.older),  # the freshness check behind ETags and the cache
            lambda: page_keys(20, theme="family", before=themed.older),
            lambda: page_keys(20, after=deep.older),
        ]
        for call in calls:
            statements = _captured(call)
            assert len(statements) == 1
            plan = _plan(*statements[0])
            _assert_seeks(plan)
        cursor_plan = _plan(*_captured(lambda: wall_page(20, before=deep.older))[0])
        if db.engine.dialect.name == "sqlite":
            # the search starts at the cursor (a range on the index), it does not count rows down to it
            assert "USING INDEX ix_stories_wall (state=? AND published_at<?)" in cursor_plan, cursor_plan
        else:
            assert "ROW(published_at, id) < ROW(" in cursor_plan, cursor_plan


def test_read_another_story_is_a_few_index_seeks(app):
    with app.app_context():
        _seed()
        statements = _captured(lambda: random_story_id(exclude=5))
        assert 2 <= len(statements) <= 3
        for statement in statements:
            plan = _plan(*statement)
            assert "random" not in statement[0].lower()
            if db.engine.dialect.name == "sqlite":
                assert "SCAN stories" not in plan and "TEMP B-TREE" not in plan, plan
            else:
                assert "Seq Scan" not in plan and "Sort" not in plan, plan
