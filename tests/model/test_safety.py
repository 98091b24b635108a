import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.prediction import Safety, SafetySignal
from model.safety import _BY_ANCHOR, _FOLD, SELF_HARM_PATTERNS, VIOLENCE_PATTERNS, safety_signals
from model.text import normalize_token, tokenize

SELF_HARM = [
    "I don't want to live without you",
    "i dont want to be alive anymore",
    "I've been thinking about ending my life",
    "maybe everyone would be better off without me",
    "If you leave I'll hurt myself",
    "im going to kill myself tonight",
    "I took all my pills",
    "there's no reason to live anymore",
    "I can't go on like this",
    "I wish I was dead",
    "i want to end it all",
    "I can’t live without you",
    "I won't be around much longer, you'll see",
    "I've been cutting myself again",
    "everyone would be lighter without me around",
    "honestly some nights I don't see the point in waking up",
    "i don't think i'm safe tonight",
    "I took a bunch of my mum's pills last night",
    "been thinking about just ending it tbh",
    "been sitting with a bottle of pills on the table all evening",
    "it would be easier for everyone if i wasnt around",
    "honestly whats the point of living without u",
    "i dont know what i'll do to myself if you go",
    "I keep thinking about not wanting to live",
    "I wrote a note for someone to find and then tore it up",
    "I keep looking at my dad's shotgun",
    "there's no life without you",
    "dun leave me pls. if u go i dunno wat i will do to myself",
    "i dnt wanna b here ne more without u",
    "i dun wan live like this anymore",
    "without u i see no point staying alive",
    "every1 wud b better off if i woznt here",
    "sometimes i think if i disappear u will be happier",
    "Sometimes I feel like ending everything",
    "honestly whats even the point of being here without u",
    "Ayoko na mabuhay kung wala ka",
    "wala na rin akong dahilan mabuhay",
]
VIOLENCE = [
    "if I see him near you again I'll break his jaw",
    "I'll kill you",
    "you're going to get hurt",
    "I swear I will stab him",
    "someone should beat the shit out of that guy",
    "watch your back",
    "I'll burn your house down",
    "Ill smash your face in",
    "You're dead. You hear me?",
    "I'm going to hurt your new boyfriend",
    "tell him if he comes round again he's going in the river",
    "I'll throw him in the canal, try me",
    "your face won't look the same after",
    "you're dead if you touch her again",
    "I'll take the belt to him when I find him",
    "If ye come near ma weans again I'll break yer jaw",
    "keep your new bloke away from my daughter or I'll sort him out myself",
]
ORDINARY = [
    "I'd kill for a coffee right now",
    "this traffic is killing me",
    "you're dead to me (jk)",
    "break a leg tonight!",
    "I can't live without my morning run",
    "lol I'm dead 😂",
    "my back hurts from the move",
    "we should end it with a toast",
    "the keys are with your mum",
    "could you break the news to the kids gently",
    "what's the point of living in London if we never go out",
    "I'm not gonna jump in the pool, it's freezing",
    "don't touch your face after chopping chillies",
    "we should pay her a visit at the hospital",
    "my phone ended up in the canal lol",
    "no life without coffee",
    "I don't want to live in London when the baby comes",
    "i dont want to live with my parents past 25",
    "dun wan live so far from the MRT lah",
    "no point being alive at 6am on a saturday without coffee, see u at 9",
    "if I disappear for the afternoon it's because I'm at the dentist",
    "Aight, I'll hit you up when I get some cash",
    "hope ur feeling better, probably an overdose of work",
    "I can't keep going through this every week, clean the room",
    "Me not waking up until 4 in the afternoon, sup",
    "Mabuhay! Welcome home to Manila",
    "the landlord will sort him out, don't worry",
    "ye'll break yer fast at gran's on Sunday",
]


@pytest.mark.parametrize("text", SELF_HARM)
def test_explicit_self_harm_is_signalled(text: str) -> None:
    safety = safety_signals(text)
    assert safety.self_harm and not safety.violence
    signal = safety.signals[0]
    assert text[signal.start : signal.end] == signal.text


@pytest.mark.parametrize("text", VIOLENCE)
def test_threats_of_violence_are_signalled(text: str) -> None:
    safety = safety_signals(text)
    assert safety.violence and not safety.self_harm


@pytest.mark.parametrize("text", ORDINARY)
def test_idioms_raise_nothing(text: str) -> None:
    assert not safety_signals(text).any


def test_everyday_messages_rarely_raise_a_signal(corpus: list) -> None:
    everyday = [e.text for e in corpus if e.origin == "everyday"]
    raised = sum(safety_signals(t).any for t in everyday)
    assert raised / len(everyday) < 0.01, "only jokes like 'I'll kill you, you ate my Twix'"


def test_corpus_statements_are_caught(corpus: list) -> None:
    """Recall on the drafts our writers tagged as self-harm or violence.

    Those tags include implied threats ("you better hope I never catch you alone" is caught,
    "Your brother won't be around forever" is not): the floors below are for the whole tagged
    set; explicit statements are held to 100% by the tests above. Implied threats are still
    labelled harassing by the classifier.
    """
    for tag, attribute, floor in (("self_harm", "self_harm", 0.75), ("violence", "violence", 0.55)):
        tagged = [e.text for e in corpus if tag in e.meta.get("tags", [])]
        assert len(tagged) >= 40
        caught = sum(getattr(safety_signals(t), attribute) for t in tagged) / len(tagged)
        assert caught >= floor, f"{tag}: caught {caught:.2f} of {len(tagged)}"


def all_anchored_patterns(text: str) -> Safety:
    """``safety_signals`` without the literal pre-filter: every anchored pattern runs."""
    words = {normalize_token(t.raw) for t in tokenize(text)}
    rules = {rule.order: rule for word in words for rule in _BY_ANCHOR.get(word, ())}
    found = {(rule.kind, m.start(), m.end()): SafetySignal(rule.kind, m.start(), m.end(), m.group())
             for _, rule in sorted(rules.items()) for m in rule.pattern.finditer(text)}
    signals = sorted(found.values(), key=lambda s: (s.start, s.end))
    return Safety(any(s.kind == "self_harm" for s in signals), any(s.kind == "violence" for s in signals),
                  tuple(signals))


def test_the_fold_covers_every_case_insensitive_match_of_an_ascii_letter() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    for code in range(128, 0x110000):
        ch = chr(code)
        if letter.fullmatch(ch):
            folded = ch.translate(_FOLD).lower()
            assert len(folded) == 1 and folded.isascii() and re.fullmatch(folded, ch, re.IGNORECASE)


def test_every_pattern_needs_some_literal() -> None:
    rules = {rule.order: rule for rules in _BY_ANCHOR.values() for rule in rules}
    assert len(rules) == len(SELF_HARM_PATTERNS) + len(VIOLENCE_PATTERNS)
    assert all(rule.needs for rule in rules.values()), "a pattern the pre-filter cannot read"


def test_prefilter_changes_nothing_on_the_corpus(corpus: list) -> None:
    texts = [e.text for e in corpus] + SELF_HARM + VIOLENCE + ORDINARY
    for text in texts:
        assert safety_signals(text) == all_anchored_patterns(text), text


_WORDS = ["i", "I", "İ", "ı", "ſ", "K", "'ll", "’", "kill", "KİLL", "myſelf", "you", "end", "it", "all",
          "can't", "live", "without", "hurt", "self", "harm", "your", "face", "smash", "dead", "wanna",
          "die", "not", "never", " ", "  ", "\n", ".", "!", "😭"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14).map(" ".join))
def test_prefilter_changes_nothing_on_any_text(text: str) -> None:
    assert safety_signals(text) == all_anchored_patterns(text)
