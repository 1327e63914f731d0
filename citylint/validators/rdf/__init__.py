"""RDF input: safe loading, SHACL validation (engines behind one interface), and its rules."""
