"""The reference SHACL engine: pyshacl (SHACL Core and SHACL-SPARQL), offline unless the network is
allowed."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from citylint.validators.rdf.load import quiet_logs
from citylint.validators.rdf.shacl.engines.base import (
    SH,
    RdfInput,
    ShaclOptions,
    ShaclOutcome,
    ShaclResult,
    ShaclShapesError,
    ShaclUnsupported,
)


class PyShaclEngine:
    name = "pyshacl"

    def validate(self, data: RdfInput, shapes: RdfInput, options: ShaclOptions) -> ShaclOutcome:
        # Imported here: pyshacl takes a second to import and only SHACL runs need it.
        from pyshacl import validate
        from pyshacl.errors import (
            ConstraintLoadError,
            ReportableRuntimeError,
            ShapeLoadError,
            ValidationFailure,
        )

        data_graph = data.graph(options)
        shapes_graph = shapes.graph(options)
        try:
            with quiet_logs():
                conforms, report, _ = validate(
                    data_graph,
                    shacl_graph=shapes_graph,
                    inference="none",
                    abort_on_first=False,
                    allow_infos=False,
                    allow_warnings=False,
                    advanced=True,  # spec: any result = not conforming
                    do_owl_imports=options.allow_network,  # owl:imports are downloads: only when allowed
                )
        except (ShapeLoadError, ConstraintLoadError, ReportableRuntimeError, ValidationFailure) as exc:
            raise ShaclShapesError(" ".join(str(getattr(exc, "message", exc)).split())) from exc
        except NotImplementedError as exc:
            raise ShaclUnsupported(f"pyshacl: {exc}") from exc
        if isinstance(report, ValidationFailure):  # pyshacl returns some failures instead of raising them
            raise ShaclShapesError(" ".join(str(getattr(report, "message", report)).split()))
        if not isinstance(report, Graph):
            raise ShaclShapesError(f"pyshacl returned no report graph ({type(report).__name__})")
        return ShaclOutcome(
            bool(conforms),
            tuple(_results(report)),
            shapes_graph,
            report,
            data_triples=len(data_graph),
            data_namespaces=tuple(data_graph.namespaces()),
            engine=self.name,
        )


def _results(report: Graph) -> list[ShaclResult]:
    out = []
    for node in report.objects(None, SH.result):
        messages = tuple(m for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal))
        out.append(
            ShaclResult(
                focus_node=_one(report, node, SH.focusNode),  # type: ignore[arg-type]
                severity=URIRef(str(_one(report, node, SH.resultSeverity) or SH.Violation)),
                source_constraint_component=URIRef(
                    str(_one(report, node, SH.sourceConstraintComponent) or "")
                ),
                source_shape=_one(report, node, SH.sourceShape),  # type: ignore[arg-type]
                result_path=_one(report, node, SH.resultPath),
                value=_one(report, node, SH.value),
                messages=tuple(sorted(messages, key=str)),
                source_constraint=_one(report, node, SH.sourceConstraint),
            )
        )
    return out


def _one(graph: Graph, subject: Node, predicate: URIRef) -> Node | None:
    return next(iter(graph.objects(subject, predicate)), None)
