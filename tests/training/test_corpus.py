"""The shipped corpus: its size, balance, variety and a split that near-twins cannot straddle."""

from collections import Counter, defaultdict

from model.labels import LABELS
from training.dataset import Example
from training.split import group_ids, word_forms


def test_size_and_balance(corpus: list[Example]) -> None:
    counts = Counter(e.label for e in corpus)
    assert len(corpus) >= 3000
    assert all(counts[label] >= 600 for label in LABELS), counts


def test_everyday_messages_are_a_large_share(corpus: list[Example]) -> None:
    everyday = [e for e in corpus if e.origin == "everyday"]
    assert len(everyday) / len(corpus) >= 0.25
    assert {e.label for e in everyday} == {"practical", "reaching_out"}


def test_every_label_has_hard_cases(corpus: list[Example]) -> None:
    hard = Counter(e.label for e in corpus if "hard" in e.meta.get("tags", []))
    assert all(hard[label] >= 150 for label in LABELS), hard


def test_no_exact_duplicates(corpus: list[Example]) -> None:
    texts = Counter(" ".join(e.text.split()).casefold() for e in corpus)
    assert texts.most_common(1)[0][1] == 1


def test_few_drafts_share_an_opening(corpus: list[Example]) -> None:
    """A corpus written from frames would repeat its openings; ours barely does."""
    openings = Counter(" ".join(word_forms(e.text)[:4]) for e in corpus if len(word_forms(e.text)) >= 6)
    shared = sum(n for n in openings.values() if n > 1)
    assert shared / sum(openings.values()) < 0.08, "natural openings repeat a little, frames a lot"
    assert openings.most_common(1)[0][1] <= 8, openings.most_common(3)


def test_lengths_range_from_one_word_to_long_emails(corpus: list[Example]) -> None:
    words = [len(e.text.split()) for e in corpus]
    assert sum(w <= 3 for w in words) >= 300
    assert sum(w >= 80 for w in words) >= 300


def test_test_split_is_fixed_and_large_enough(corpus: list[Example]) -> None:
    sides = Counter(e.split for e in corpus)
    assert set(sides) == {"train", "test"}
    assert sides["test"] / len(corpus) >= 0.15
    for label in LABELS:
        assert sum(e.split == "test" and e.label == label for e in corpus) >= 100


def test_near_duplicates_never_straddle_the_split(corpus: list[Example]) -> None:
    sides: defaultdict[str, set[str | None]] = defaultdict(set)
    for example, group in zip(corpus, group_ids([e.text for e in corpus]), strict=True):
        sides[group].add(example.split)
    assert all(len(s) == 1 for s in sides.values())
