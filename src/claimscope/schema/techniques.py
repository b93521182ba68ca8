"""The 14 PTC persuasion techniques, explained in plain words for the reports."""

TECHNIQUE_EXPLANATIONS = {
    "Loaded_Language": "Words chosen for their emotional charge rather than their meaning, to push the reader's feelings.",
    "Name_Calling,Labeling": "A label (praise or insult) attached to a person or group so the reader judges the label, not the facts.",
    "Repetition": "The same message repeated so that it sticks and feels true by familiarity.",
    "Doubt": "Questions the credibility of someone or something without offering evidence against it.",
    "Exaggeration,Minimisation": "Makes something look much bigger, or much smaller, than the facts support.",
    "Appeal_to_fear-prejudice": "Seeks support by raising fear of an outcome or prejudice against a group.",
    "Flag-Waving": "Plays on patriotism or group identity to justify a claim or an action.",
    "Causal_Oversimplification": "Gives one cause for an outcome that has several.",
    "Appeal_to_Authority": "Treats a claim as true because an authority or famous person said it, not because of evidence.",
    "Slogans": "A short, catchy phrase that stands in for an argument.",
    "Whataboutism,Straw_Men,Red_Herring": "Deflects: accuses the other side of hypocrisy, attacks a distorted version of its view, or changes the subject.",
    "Black-and-White_Fallacy": "Presents two options as the only ones when more exist.",
    "Thought-terminating_Cliches": "A stock phrase that discourages further thought or discussion.",
    "Bandwagon,Reductio_ad_hitlerum": "Says something is right because many do or believe it, or wrong because a hated group does.",
}

TECHNIQUES = list(TECHNIQUE_EXPLANATIONS)

# how a technique span was found, in words for the reports (Technique.method)
_FOUND_BY = {
    "model": "the trained model",
    "pattern": "a phrase pattern",
    "attribution": "a titled authority's quote, named by the model",
}


TECHNIQUES_NOTE = ("Confidence is calibrated: the share of spans like it that were right on articles the model "
                   "never saw. By default only spans right most of the time are shown; "
                   "analyze --min-confidence 0 lists the weaker leads.")


def found_by(method: str) -> str:
    return _FOUND_BY.get(method, method)
