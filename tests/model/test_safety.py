import pytest

from model.safety import safety_signals

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
