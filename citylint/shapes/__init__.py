"""Shapes citylint derives from published artefacts: SHACL from OWL axioms (``from_owl``) and term lists that
compare two versions of an ontology (``term_diff``). ``citylint shapes ...`` runs them (``cli``)."""
