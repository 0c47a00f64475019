import pytest

from wall.stories.states import TRANSITIONS, Action, IllegalTransition, State, allowed_actions, next_state


def test_the_happy_path():
    state = next_state(State.RECEIVED, Action.SCORE)
    assert state is State.IN_REVIEW
    assert next_state(state, Action.APPROVE) is State.PUBLISHED
    assert next_state(state, Action.REJECT) is State.REJECTED


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (State.RECEIVED, Action.APPROVE),  # nothing is published before it is scored and read
        (State.RECEIVED, Action.REJECT),
        (State.IN_REVIEW, Action.SCORE),  # scored twice
        (State.PUBLISHED, Action.APPROVE),
        (State.REJECTED, Action.APPROVE),  # undo first, then decide again
        (State.WITHDRAWN, Action.REOPEN),
        (State.WITHDRAWN, Action.APPROVE),
    ],
)
def test_illegal_moves_are_refused(state, action):
    with pytest.raises(IllegalTransition, match=action.value):
        next_state(state, action)


def test_only_a_moderator_action_publishes():
    into_published = {action for (_, action), to in TRANSITIONS.items() if to is State.PUBLISHED}
    assert into_published == {Action.APPROVE}


def test_withdrawn_is_final_and_reachable_from_everywhere_else():
    assert allowed_actions(State.WITHDRAWN) == []
    for state in State:
        if state is not State.WITHDRAWN:
            assert next_state(state, Action.WITHDRAW) is State.WITHDRAWN
