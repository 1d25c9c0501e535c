"""Converts Sigma rules to LogQL with pySigma's Loki backend (the peer of bench/sigmaPeer.ts).

Reads JSON on stdin: [{"key", "rule": <Sigma rule as a mapping>, "selector", "parser",
"fields": {sigma field: label}, "correlation"?: <Sigma correlation rule naming the rule>}],
writes JSON on stdout: [{"key", "query"} | {"key", "error"}] (with a correlation, its metric query).
Each rule gets its own processing pipeline because the stream selector, the parser stage and
(for text sources) the field labels come from Vigil's defaults for that rule's source.
"""

import json
import sys

from sigma.backends.loki import LogQLBackend
from sigma.collection import SigmaCollection
from sigma.pipelines.loki import LokiCustomAttributes, SetCustomAttributeTransformation
from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
from sigma.processing.transformations import FieldMappingTransformation


def pipeline(selector: str, parser: str, fields: dict) -> ProcessingPipeline:
    items = [
        # The backend reads both attributes in select_log_stream / select_log_parser.
        ProcessingItem(
            identifier="vigil_stream",
            transformation=SetCustomAttributeTransformation(
                attribute=LokiCustomAttributes.LOGSOURCE_SELECTION.value, value=selector
            ),
        ),
        ProcessingItem(
            identifier="vigil_parser",
            transformation=SetCustomAttributeTransformation(
                attribute=LokiCustomAttributes.PARSER.value, value=parser
            ),
        ),
    ]
    if fields:
        items.append(
            ProcessingItem(identifier="vigil_fields", transformation=FieldMappingTransformation(fields))
        )
    return ProcessingPipeline(name="vigil peer", priority=20, items=items)


def convert(item: dict) -> dict:
    try:
        docs = [item["rule"]] + ([item["correlation"]] if "correlation" in item else [])
        collection = SigmaCollection.from_dicts(docs, collect_errors=False)
        backend = LogQLBackend(pipeline(item["selector"], item["parser"], item.get("fields") or {}))
        queries = backend.convert(collection)
        if len(queries) != 1:
            return {"key": item["key"], "error": f"pySigma gave {len(queries)} queries"}
        return {"key": item["key"], "query": queries[0]}
    except Exception as e:  # noqa: BLE001 - every refusal is a result to report
        return {"key": item["key"], "error": f"{type(e).__name__}: {e}"}


def main() -> None:
    items = json.load(sys.stdin)
    json.dump([convert(i) for i in items], sys.stdout)


if __name__ == "__main__":
    main()
