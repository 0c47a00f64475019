"""The life of a story, as a small state machine with no database or request in sight.

    received ──scored──▶ in_review ──approve──▶ published
        │                   │  ▲                   │
        │                   │  └──────undo─────────┤
        │                   └──reject──▶ rejected ─┘ (undo back to in_review)
        └─────────── any state ──withdraw──▶ withdrawn (final)

See docs/story-states.md for why each edge exists.
"""

from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    SCORE = "score"  # the worker scored it, or gave up and left it for a person
    APPROVE = "approve"
    REJECT = "reject"
    REOPEN = "reopen"  # undo a decision, or take a published story down for another look
    WITHDRAW = "withdraw"  # the visitor took it back


TRANSITIONS: dict[tuple[State, Action], State] = {
    (State.RECEIVED, Action.SCORE): State.IN_REVIEW,
    (State.IN_REVIEW, Action.APPROVE): State.PUBLISHED,
    (State.IN_REVIEW, Action.REJECT): State.REJECTED,
    (State.PUBLISHED, Action.REJECT): State.REJECTED,
    (State.PUBLISHED, Action.REOPEN): State.IN_REVIEW,
    (State.REJECTED, Action.REOPEN): State.IN_REVIEW,
    **{(s, Action.WITHDRAW): State.WITHDRAWN for s in State if s is not State.WITHDRAWN},
}


class IllegalTransition(ValueError):
    def __init__(self, state: State, action: Action):
        super().__init__(f"{action.value!r} is not possible for a story that is {state.value}")
        self.state = state
        self.action = action


def next_state(state: State, action: Action) -> State:
    """The state `action` leads to from `state`, or IllegalTransition."""
    try:
        return TRANSITIONS[(State(state), Action(action))]
    except KeyError:
        raise IllegalTransition(State(state), Action(action)) from None


def allowed_actions(state: State) -> list[Action]:
    return [a for (s, a) in TRANSITIONS if s == state]
