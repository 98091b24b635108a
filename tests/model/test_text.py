from hypothesis import given
from hypothesis import strategies as st

from model.text import is_shouted, normalize_token, reduce_lengthening, tokenize, word_form


def test_tokens_carry_offsets_into_the_original_text() -> None:
    text = "Pleeeease answer me!!! :( can’t u see?? http://x.co/a @sam 😭😭"
    tokens = tokenize(text)
    assert all(text[t.start : t.end] == t.raw for t in tokens)
    raws = [t.raw for t in tokens]
    assert "can’t" in raws, "curly apostrophes stay inside the word"
    assert ":(" in raws and "😭" in raws and "http://x.co/a" in raws


def test_normalisation_folds_case_length_digits_and_placeholders() -> None:
    assert normalize_token("PLEEEEASE") == "pleeease"
    assert normalize_token("10am") == "0am"
    assert normalize_token("<3") == "<3", "emoticons keep their digits"
    assert normalize_token("https://example.com/x") == "<url>"
    assert normalize_token("@maria") == "<user>"
    assert normalize_token("Can’t") == "can't"


def test_reduce_lengthening_matches_nltk() -> None:
    from nltk.tokenize.casual import reduce_lengthening as nltk_reduce

    for word in ("sooooo", "heyyyy", "aaa", "ok", "!!!!!"):
        assert reduce_lengthening(word) == nltk_reduce(word)


def test_word_forms_are_stemmed_words() -> None:
    assert word_form("begging") == word_form("begged") == "beg"
    assert word_form("???") == "???"


def test_shouting_needs_two_capital_letters() -> None:
    assert is_shouted("ANSWER")
    assert not is_shouted("I")
    assert not is_shouted("Answer")


@given(st.text(max_size=300))
def test_tokens_are_in_bounds_for_any_text(text: str) -> None:
    previous_end = 0
    for token in tokenize(text):
        assert previous_end <= token.start < token.end <= len(text)
        assert text[token.start : token.end] == token.raw
        previous_end = token.end


PIECES = [*"ab .,:;-!?'’@#/()<3😭\n\t", "http://", "www.", "x.com", ":-)", "...", " . . ", "!!!!!", "<<<<"]


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_fast_tokenizer_equals_the_pattern_over_the_whole_text(text: str) -> None:
    from model.text import tokenize_with_pattern

    assert tokenize(text) == tokenize_with_pattern(text)


def test_long_punctuation_runs_count_as_three_and_stay_fast() -> None:
    import time

    start = time.perf_counter()
    tokens = tokenize("<" * 100_000 + " ok")
    assert time.perf_counter() - start < 1.0
    assert [t.raw for t in tokens] == ["<", "<", "<", "ok"]
    text = "NO!!!!!!!! answer me"
    assert [t.raw for t in tokenize(text)] == ["NO", "!", "!", "!", "answer", "me"]
    assert all(text[t.start : t.end] == t.raw for t in tokenize(text))
