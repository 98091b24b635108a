from training.split import group_ids, near_duplicate_keys, split_of


def test_near_duplicates_share_a_group() -> None:
    texts = [
        "I will be outside your work at five, so come out",
        "I will be outside your work at six tomorrow",   # same opening
        "honestly it doesn't matter, see you at the station then",
        "totally different words, see you at the station then",  # same closing
        "something else entirely",
    ]
    groups = group_ids(texts)
    assert groups[0] == groups[1]
    assert groups[2] == groups[3]
    assert len({groups[0], groups[2], groups[4]}) == 3


def test_case_and_elongation_do_not_make_a_new_draft() -> None:
    assert near_duplicate_keys("PLEEEEASE answer")[0] == near_duplicate_keys("pleeease Answer")[0]


def test_split_is_a_pure_function_of_the_group() -> None:
    assert split_of("abc123") == split_of("abc123")
    sides = [split_of(f"g{i}") for i in range(5000)]
    assert 0.15 < sides.count("test") / len(sides) < 0.21
