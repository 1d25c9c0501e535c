"""Converts Sigma rules to LogsQL with pySigma's VictoriaLogs backend (the peer of bench/victoriaLogsPeer.ts).

Reads JSON on stdin: [{"key", "rule": <Sigma rule as a mapping>}], writes JSON on stdout:
[{"key", "query"} | {"key", "error"}]. The backend's own pipeline is a no-op and it selects no
stream, so the query is the rule's field filters alone; the caller prefixes the stream filter.
Field names pass through unchanged: dotted names (`objectRef.resource`) are the fields
VictoriaLogs makes of nested JSON keys at ingestion.
"""

import json
import sys

from sigma.backends.victorialogs import VictoriaLogsBackend
from sigma.collection import SigmaCollection


def convert(item: dict) -> dict:
    try:
        collection = SigmaCollection.from_dicts([item["rule"]], collect_errors=False)
        queries = VictoriaLogsBackend().convert(collection)
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
