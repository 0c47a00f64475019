"""The light classifier: a linear model shipped inside its wheel, for when Detoxify is unavailable."""

from importlib.metadata import version


class LightScorer:
    """alt-profanity-check: fast and offline, but blind to context (negation, quoting)."""

    classes = ["offensive"]

    def __init__(self):
        from profanity_check import predict_prob

        self._predict = predict_prob
        self.name = f"light:alt-profanity-check@{version('alt-profanity-check')}"

    def score(self, texts: list[str]) -> list[dict[str, float]]:
        return [{"offensive": float(p)} for p in self._predict(list(texts))]
