"""The words for people's roles, offices and documents that several analyzers read.

One place, so that a title added for one analyzer is seen by the others that mean the same thing.
Each set below is used for one question; where two questions share words, one set is built
from the other.
"""
from __future__ import annotations

import json
from importlib import resources

from ..once import loaded_once

# offices a person holds, named in a source ("the minister said") or before a name ("Mayor Vik")
OFFICES = {"president", "minister", "chancellor", "premier", "senator", "governor", "mayor", "secretary",
           "ambassador", "general", "director", "judge"}
SPOKESPEOPLE = {"spokesman", "spokeswoman", "spokesperson"}
HEADS_OF_STATE = {"president", "king", "queen", "emir", "monarch"}
EXPERTISE = {"professor", "expert", "experts", "scientist", "scientists", "doctor", "doctors", "dr", "physician",
             "economist", "economists", "historian", "historians", "researcher", "researchers", "scholar",
             "scholars", "analyst", "analysts", "theologian"}

# attributions: a role in a source refers back to the person named with a role of the same group
ROLE_SYNONYMS = {
    "head of state": HEADS_OF_STATE | {"head"},
    "terrorist": {"terrorist", "recruiter", "militant", "jihadist", "fighter", "commander", "extremist"},
    "militant": {"terrorist", "recruiter", "militant", "jihadist", "fighter", "commander"},
    "recruiter": {"recruiter", "terrorist", "militant", "jihadist"},
    "official": {"official", "minister", "secretary", "officer"} | SPOKESPEOPLE,
    "leader": {"leader", "chief", "head", "president", "chairman", "chairwoman"},
}
# attributions: any role word a person can be named by
ROLE_WORDS = {w for group in ROLE_SYNONYMS.values() for w in group} | OFFICES | SPOKESPEOPLE | {"chairman", "candidate"}

# attributions: the words of a company's name that "the company" or "the firm" refers back to
CORPORATE_WORDS = {"company", "firm", "corporation", "corp", "inc", "incorporated", "co", "ltd", "limited", "llc",
                   "plc", "group", "holdings", "ag", "sa", "gmbh", "bv", "nv", "industries", "enterprises"}
# attributions: plural nouns for people that a following "they said" can stand for
GROUPS_OF_PEOPLE = {"resident", "fisherman", "farmer", "worker", "employee", "protester", "demonstrator",
                    "activist", "official", "officer", "lawmaker", "legislator", "critic", "expert", "analyst",
                    "doctor", "nurse", "investigator", "prosecutor", "researcher", "scientist", "student",
                    "teacher", "parent", "villager", "witness", "survivor", "victim", "relative", "neighbor",
                    "neighbour", "leader", "member", "voter", "citizen", "shopkeeper", "owner", "driver", "pilot",
                    "soldier", "rebel", "militant", "refugee", "migrant", "diplomat", "negotiator", "organizer",
                    "organiser", "supporter", "opponent", "economist", "lawyer", "attorney", "judge", "police",
                    "authority", "union", "miner", "trader", "investor", "executive", "manager", "staff"}

# sourcing: nouns for people who, unnamed, are a vague source ("officials said", "a resident told")
SOURCE_PEOPLE = GROUPS_OF_PEOPLE | {"consumer", "customer", "user", "commenter", "agent", "business", "shopper",
                                   "viewer", "reader", "fan", "observer", "insider", "source", "aide", "spokesman",
                                   "spokeswoman", "spokesperson", "person", "people", "man", "woman", "local",
                                   "businessman", "businesswoman", "mother", "father", "patient", "guard", "official",
                                   "employee", "worker", "staffer"}

# techniques: a speaker whose title makes a quote an appeal to authority (offices and expertise,
# not mere roles such as spokesman, leader or candidate, nor ranks inside a group such as chief)
AUTHORITY_TITLES = OFFICES | HEADS_OF_STATE | EXPERTISE | {
    "pope", "cardinal", "archbishop", "bishop", "congressman", "congresswoman", "admiral", "commissioner",
    "official", "officials"}

# claims: the evidence a source gives, by the words that name it
TESTIMONY_ROLES = {"recruiter", "member", "witness", "prisoner", "militant", "defector", "fighter",
                   "survivor", "victim", "insider", "whistleblower", "officer", "soldier", "commander"}
OFFICIAL_SPEAKERS = {"president", "minister", "secretary", "chancellor", "premier", "ambassador"} | SPOKESPEOPLE | {
    "government", "ministry", "official", "party", "head", "office", "authorities", "state", "prime"}

# documents a claim can rest on (a report, a study); attributions add the kinds of text a body issues
REPORT_WORDS = {"report", "study", "document", "documentation", "investigation", "survey", "paper",
                "dossier", "analysis", "research", "findings"}
PUBLISHED_TEXTS = (REPORT_WORDS - {"findings"}) | {"memo", "review", "assessment", "statement", "letter"}

# claims: grave accusations, the only things flagged when the article states them with no source.
# Acts of violence, crime and corruption, by their verbs ...
GRAVE_ACTS = {"kill", "murder", "massacre", "torture", "bomb", "assassinate", "rape", "kidnap", "abduct", "shoot",
              "behead", "shell", "bribe", "embezzle", "launder", "smuggle", "traffic", "extort", "defraud",
              "loot", "steal", "rig", "collude", "persecute", "terrorize"}
# ... aid, grave only when it goes to an armed group ...
AID_VERBS = {"arm", "fund", "finance", "sponsor", "supply", "support", "help", "train", "shelter", "equip", "back",
             "assist", "aid", "protect", "harbor", "harbour"}
ARMED_GROUP_WORDS = {"militia", "militias", "terrorist", "terrorists", "terror", "rebel", "rebels", "insurgent",
                     "insurgents", "jihadist", "jihadists", "extremist", "extremists", "militant", "militants",
                     "fighters", "gang", "gangs", "cartel", "cartels", "paramilitary", "paramilitaries", "isis",
                     "isil", "daesh", "al-qaeda", "qaeda", "taliban", "hezbollah", "hamas", "al-shabaab", "boko"}
# ... and arms moved by someone: the weapons, and the verbs that move them
ARMS = {"weapon", "weapons", "arms", "rifle", "rifles", "gun", "guns", "ammunition", "explosive", "explosives",
        "missile", "missiles", "rocket", "rockets", "grenade", "grenades", "munitions", "drone", "drones"}
MOVING = {"carry", "ship", "deliver", "smuggle", "send", "transport", "supply", "provide", "sell", "transfer",
          "give", "move", "funnel", "channel"}

# relations: labels that accuse whom they name ("called Omar a terrorist", "branded him a liar"): PLOVER's
# ACCUSE covers denouncing someone, and calling a person a criminal denounces them
ACCUSING_LABELS = {"terrorist", "criminal", "liar", "murderer", "killer", "traitor", "racist", "fascist", "nazi",
                   "thief", "fraud", "crook", "dictator", "tyrant", "extremist", "thug", "gangster", "rapist",
                   "predator", "hypocrite", "bigot", "puppet", "bully", "cheat", "warmonger", "butcher",
                   "antisemite", "anti-semite", "sexist", "misogynist"}


@loaded_once
def first_names() -> dict[str, str]:
    """First names and the gender they usually have: those mined from PolNeAR and PTC by
    training/attributions/build_first_names.py over those of a public reference in which the name's
    gender is near certain (training/attributions/reference_first_names.py). The text's own evidence
    always comes first."""
    names: dict[str, str] = {}
    data = resources.files("claimscope.data")
    if data.joinpath("first_names_reference.json").is_file():
        reference = json.loads(data.joinpath("first_names_reference.json").read_text(encoding="utf-8"))
        names.update((name, gender) for gender in ("f", "m") for name in reference[gender].split())
    if data.joinpath("first_names.json").is_file():
        names.update(json.loads(data.joinpath("first_names.json").read_text(encoding="utf-8"))["names"])
    return names
