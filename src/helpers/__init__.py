"""Helpers for the Bishkek Protocol (May 1994) teaching notebooks.

Data flows one way: data/ (CSV + datapackage.json) -> dataset loading -> model (graph, metrics,
timeline, disagreements) -> views (figures + text alternatives) -> widgets -> notebooks.

Every public name below is imported on first use, so `import helpers` stays fast and a learner
can read `helpers.<name>` to find which small module does the job.
"""

import importlib

# public name -> module that defines it (one job per module; read them when curious)
_PUBLIC = {
    "load_dataset": "dataset", "Dataset": "dataset", "DatasetError": "dataset",
    "cite": "citations", "sources_table": "citations", "source_list_markdown": "citations",
    "split_ids": "citations", "sources_used": "citations", "cited_ids": "citations",
    "closest": "suggest", "did_you_mean": "suggest",
    "balance_report": "balance", "voice_groups": "balance",
    "negotiation_graph": "graph", "resolve_actor": "graph",
    "centrality_table": "metrics", "brokerage_table": "metrics", "ego_network": "metrics",
    "mediation_path": "metrics", "components_table": "metrics",
    "coding_sensitivity": "sensitivity",
    "draw_network": "network_plot",
    "describe_network": "network_text", "edge_table": "network_text", "tie_relations": "network_text",
    "show_figure": "ui",
    "export_graph": "export",
    "network_explorer": "network_widget", "NetworkError": "graph",
    "draw_timeline": "timeline", "timeline_events": "timeline", "timeline_explorer": "timeline",
    "describe_timeline": "timeline",
    "amendment_close_reading": "close_reading",
    "protocol_close_reading": "protocol_text", "protocol_texts": "protocol_text", "protocol_text_plain": "protocol_text",
    "sources_disagree": "disagreements", "disagreement_table": "disagreements",
    "signatures_table": "signing", "ceasefire_table": "signing", "signature_counts": "signing", "two_documents": "signing", "name_spellings": "signing", "amendments_table": "signing", "signatures_counted": "signing", "show_tables": "learner_tables", "claims_table": "readings", "verification_table": "readings", "terms_table": "readings", "versions_table": "readings", "evidence_events": "readings", "evidence_interpretations": "readings", "source_perspectives": "readings", "relations_table": "network_tables", "relation_counts": "network_tables", "network_counts": "network_tables", "central_actors": "network_tables", "brokers": "network_tables", "tied_to_all": "network_tables", "neighbours_table": "network_tables", "chain_table": "network_tables", "network_ties": "network_tables", "why_tie": "network_tables", "most_central": "network_tables", "ranks_of": "network_tables", "gephi_file": "network_tables", "rankings": "network_tables", "coding_summary": "network_tables",  # noqa: E501
    "perspectives_comparer": "perspectives", "voices": "perspectives", "voice_claims": "perspectives",
    "self_check": "selfcheck",
    "parse_selfcheck_results": "selfcheck", "read_selfcheck_results": "selfcheck", "SelfCheckError": "selfcheck",
    "Journal": "journal", "journal_box": "journal", "journal_export": "journal", "journal_dir": "journal",
    "session_bar": "session", "session_kind": "session",
    "t": "strings", "set_language": "strings", "get_language": "strings",
    "use_dataset": "dataset", "data_dir": "dataset", "course_times": "course", "section_times": "course", "predict_then_reveal": "predict", "events_table": "tables", "glossary_table": "tables", "protocol_table": "tables", "delegation_members": "tables", "ties_table": "tables", "actors_between": "tables", "interpretations_table": "tables", "event_date": "tables", "timeline_figure": "views", "violence_table": "tables",  # noqa: E501
    "notebooks": "course",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name):
    if name in _PUBLIC:
        module = importlib.import_module(f"{__name__}.{_PUBLIC[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


def __dir__():
    return __all__
