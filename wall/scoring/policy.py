"""Turning a story's scores into a band a moderator can sort by. No band ever publishes."""

from enum import StrEnum


class Band(StrEnum):
    LIKELY = "likely"  # likely harmful
    MAYBE = "maybe"
    UNLIKELY = "unlikely"
    UNSCORED = "unscored"  # the model could not score it: a person must read it


def threshold_for(category: str, thresholds: dict[str, float]) -> float:
    return float(thresholds.get(category, thresholds.get("default", 0.8)))


def band_for(scores: dict[str, float], thresholds: dict[str, float], maybe_ratio: float) -> Band:
    """LIKELY if any category reaches its threshold, MAYBE if any reaches maybe_ratio of it."""
    if not scores:
        return Band.UNSCORED
    ratios = [value / threshold_for(cat, thresholds) for cat, value in scores.items()]
    top = max(ratios)
    if top >= 1.0:
        return Band.LIKELY
    if top >= maybe_ratio:
        return Band.MAYBE
    return Band.UNLIKELY


def category_band(category: str, value: float, thresholds: dict, maybe_ratio: float) -> Band:
    return band_for({category: value}, thresholds, maybe_ratio)
