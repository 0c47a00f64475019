"""Seeding a realistic wall fast: bulk inserts of stories and reaction counts, no ORM objects."""

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, text

from wall.extensions import db
from wall.reactions.models import ReactionCount
from wall.stories.models import Story
from wall.themes import THEMES

OPENINGS = [
    "Today I told my sister I wasn't okay.",
    "I booked the first therapy session.",
    "I sent the message I had been drafting for a week.",
    "I asked my manager for a lighter month.",
    "I went to the group and stayed until the end.",
    "I called the helpline and just listened at first.",
    "I said no to something that was hurting me.",
    "I went for a short walk after weeks indoors.",
    "I told my friend the real reason I cancelled.",
    "I emailed my tutor to ask for more time.",
]
MIDDLES = [
    "My hands were shaking the whole time.",
    "It took three tries to press send.",
    "Nobody laughed, which I had been sure they would.",
    "She didn't say much, but she stayed.",
    "I cried in the car afterwards, and that was okay too.",
    "It was smaller than it felt in my head.",
    "I had practised the words out loud the night before.",
    "They asked how they could help, and I didn't know yet.",
    "I nearly turned around at the door.",
    "The first minute was the hardest part.",
]
ENDINGS = [
    "It's not fixed, but it's a start.",
    "I'm going back next week.",
    "I slept a little better that night.",
    "If you're reading this and thinking about it: it was worth it.",
    "One step. Then another.",
    "I wanted to write it down so I remember I can.",
    "",
]


def story_body(rng: random.Random) -> str:
    """Mostly a few sentences (150-600 characters), sometimes a long one, like real shared stories."""
    sentences = [rng.choice(OPENINGS)]
    for _ in range(rng.choice([1, 2, 2, 3, 3, 4, 6, 10, 16])):
        sentences.append(rng.choice(MIDDLES))
    sentences.append(rng.choice(ENDINGS))
    return " ".join(s for s in sentences if s)


def seed(stories: int, seed_value: int = 20261128, batch: int = 5000) -> dict:
    """`stories` published stories over two years, 5% more that readers must never see, and reactions."""
    rng = random.Random(seed_value)
    start = datetime(2024, 12, 1, tzinfo=UTC)
    step = timedelta(days=730) / stories
    slugs = [t.slug for t in THEMES]
    notes = ["loss", "self-harm", "hospital", "drinking", "an eating disorder"]
    rows, reactions = [], []
    for i in range(stories):
        published = start + step * i + timedelta(seconds=rng.randint(0, 59))
        rows.append({
            "body": story_body(rng), "state": "published", "version": 3, "created_at": published,
            "state_changed_at": published, "published_at": published, "max_score": rng.random() * 0.3,
            "band": "unlikely", "theme": rng.choice(slugs) if rng.random() < 0.7 else None,
            "content_note": rng.choice(notes) if rng.random() < 0.05 else None, "hidden": False,
        })  # fmt: skip
        if rng.random() < 0.3:
            reactions.append(
                {"story_id": i + 1, "kind": "helped", "count": rng.randint(1, 40), "updated_at": published}
            )
        if rng.random() < 0.15:
            reactions.append(
                {"story_id": i + 1, "kind": "me_too", "count": rng.randint(1, 25), "updated_at": published}
            )
    for _ in range(stories // 20):  # waiting, turned down: present in the table, invisible to readers
        state = rng.choice(["in_review", "rejected", "received"])
        rows.append({"body": story_body(rng), "state": state, "version": 2, "created_at": start,
                     "state_changed_at": start, "hidden": False})  # fmt: skip
    for chunk in range(0, len(rows), batch):
        db.session.execute(insert(Story), rows[chunk : chunk + batch])
    for chunk in range(0, len(reactions), batch):
        db.session.execute(insert(ReactionCount), reactions[chunk : chunk + batch])
    db.session.commit()
    with db.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    return {"published": stories, "unpublished": stories // 20, "reaction_rows": len(reactions)}
