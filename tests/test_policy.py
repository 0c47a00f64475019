from wall.scoring.policy import Band, band_for

THRESHOLDS = {"default": 0.8, "threat": 0.5}


def test_bands_follow_per_category_thresholds():
    assert band_for({"toxicity": 0.85}, THRESHOLDS, 0.5) is Band.LIKELY
    assert band_for({"toxicity": 0.5}, THRESHOLDS, 0.5) is Band.MAYBE
    assert band_for({"toxicity": 0.1}, THRESHOLDS, 0.5) is Band.UNLIKELY
    # threat has a lower threshold of its own
    assert band_for({"toxicity": 0.1, "threat": 0.55}, THRESHOLDS, 0.5) is Band.LIKELY


def test_no_scores_means_a_person_must_read_it():
    assert band_for({}, THRESHOLDS, 0.5) is Band.UNSCORED
