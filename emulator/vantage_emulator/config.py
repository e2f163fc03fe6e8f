"""Emulator settings: command-line flags merged with an optional YAML config file.

Config file format (every section optional)::

    api_keys:
      - key: team-key
        organizations: [research, ops]   # the first is the default organization
      - key: ops-key
        organization: ops
    clusters:                            # merged over the default clusters by name
      - name: big
        provider: gcp
        region: europe-west1
        nodes: 3
        node: {cpu_cores: 16, memory_bytes: 68719476736, gpus: 2}
        max_concurrent_jobs: 8
        autoscaling: {min_nodes: 1, max_nodes: 10, target_utilization: 0.7}
    default_clusters: true               # false: only the clusters listed here
    emulator:
      cancel_grace_seconds: 5
      scale_delay_seconds: 1
      validate_responses: false
      max_log_bytes: 268435456          # per job; a marker line says where logs were cut
      max_request_body_bytes: 10485760  # JSON request bodies (file uploads have their own limit)
      request_body_timeout_seconds: 30  # a request body that stalls this long gets a 408
      job_limits:                       # setrlimit per job; null leaves one unlimited
        cpu_seconds: 86400
        memory_bytes: 17179869184       # address space
        file_size_bytes: 68719476736
        processes: 512

Other top-level sections (such as the rate limit and fault knobs) stay in
`Settings.options` for the modules that read them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .sandbox import JobLimits

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_ORGANIZATION",
    "ClusterConfig",
    "ConfigError",
    "Settings",
    "default_clusters",
    "load_config_file",
]

DEFAULT_API_KEY = "emulator-key"
DEFAULT_ORGANIZATION = "default"
GIB = 1024**3
PROVIDERS = ("local", "aws", "gcp", "azure", "on-premises")
CLUSTER_NAME = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")


class ConfigError(ValueError):
    """The config file or a flag is invalid; the message names the setting."""


@dataclass(frozen=True)
class ClusterConfig:
    """A cluster to seed into every organization."""

    name: str
    provider: str
    region: str
    node_count: int
    node_cpu_cores: int
    node_memory_bytes: int
    node_gpus: int
    max_concurrent_jobs: int
    autoscaling: dict[str, Any] | None = None


@dataclass
class Settings:
    """Everything an emulator instance needs to start."""

    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8080
    # key -> organizations; the first organization is the key's default.
    api_keys: dict[str, list[str]] = field(default_factory=dict)
    clusters: list[ClusterConfig] = field(default_factory=list)
    cancel_grace_seconds: float = 5.0
    scale_delay_seconds: float = 1.0
    validate_responses: bool = False
    access_log: bool = False
    max_log_bytes: int = 256 * 1024**2
    max_request_body_bytes: int = 10 * 1024**2
    request_body_timeout_seconds: float = 30.0
    job_limits: JobLimits = field(default_factory=JobLimits)
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def organizations(self) -> list[str]:
        """Every organization some key belongs to, in declaration order."""
        seen: dict[str, None] = {}
        for orgs in self.api_keys.values():
            seen.update(dict.fromkeys(orgs))
        return list(seen)


def _machine_memory_bytes() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 * GIB


def machine_cpu_count() -> int:
    """CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def default_clusters() -> list[ClusterConfig]:
    """`local` is this machine; the others are simulated (their jobs still run here)."""
    cpus = machine_cpu_count()
    return [
        ClusterConfig("local", "local", "local", 1, cpus, _machine_memory_bytes(), 0, max(4, cpus)),
        ClusterConfig("gpu-cluster", "aws", "us-west-2", 2, 16, 64 * GIB, 4, 8),
        ClusterConfig("my-cluster", "aws", "us-west-2", 3, 8, 32 * GIB, 0, 8),
        ClusterConfig("specific-cluster", "gcp", "us-central1", 2, 8, 32 * GIB, 0, 4),
    ]


def _require(cond: bool, where: str, message: str) -> None:
    if not cond:
        raise ConfigError(f"{where}: {message}")


def _int(value: Any, where: str, minimum: int) -> int:
    _require(isinstance(value, int) and not isinstance(value, bool), where, "must be an integer")
    _require(value >= minimum, where, f"must be at least {minimum}")
    return int(value)


def _parse_autoscaling(raw: Any, where: str) -> dict[str, Any] | None:
    if raw is None:
        return None
    _require(isinstance(raw, dict), where, "must be a mapping")
    min_nodes = _int(raw.get("min_nodes"), f"{where}.min_nodes", 0)
    max_nodes = _int(raw.get("max_nodes"), f"{where}.max_nodes", 1)
    _require(min_nodes <= max_nodes, where, "min_nodes must not exceed max_nodes")
    target = raw.get("target_utilization", 0.7)
    _require(isinstance(target, (int, float)) and 0 < target <= 1, f"{where}.target_utilization", "must be in (0, 1]")
    return {"min_nodes": min_nodes, "max_nodes": max_nodes, "target_utilization": float(target)}


def _parse_cluster(raw: Any, where: str, base: ClusterConfig | None) -> ClusterConfig:
    _require(isinstance(raw, dict), where, "must be a mapping")
    name = raw.get("name")
    _require(
        isinstance(name, str) and CLUSTER_NAME.fullmatch(name) is not None,
        f"{where}.name",
        "must be 1-63 lowercase letters, digits and inner hyphens",
    )
    node = raw.get("node", {})
    _require(isinstance(node, dict), f"{where}.node", "must be a mapping")
    template = base or ClusterConfig(name, "on-premises", "local", 1, 4, 16 * GIB, 0, 4)
    provider = raw.get("provider", template.provider)
    _require(provider in PROVIDERS, f"{where}.provider", f"must be one of {', '.join(PROVIDERS)}")
    region = raw.get("region", template.region)
    _require(isinstance(region, str) and bool(region), f"{where}.region", "must be a non-empty string")
    return replace(
        template,
        name=name,
        provider=provider,
        region=region,
        node_count=_int(raw.get("nodes", template.node_count), f"{where}.nodes", 0),
        node_cpu_cores=_int(node.get("cpu_cores", template.node_cpu_cores), f"{where}.node.cpu_cores", 0),
        node_memory_bytes=_int(node.get("memory_bytes", template.node_memory_bytes), f"{where}.node.memory_bytes", 0),
        node_gpus=_int(node.get("gpus", template.node_gpus), f"{where}.node.gpus", 0),
        max_concurrent_jobs=_int(
            raw.get("max_concurrent_jobs", template.max_concurrent_jobs), f"{where}.max_concurrent_jobs", 1
        ),
        autoscaling=_parse_autoscaling(raw.get("autoscaling", template.autoscaling), f"{where}.autoscaling"),
    )


def _parse_job_limits(raw: Any) -> JobLimits:
    _require(isinstance(raw, dict), "emulator.job_limits", "must be a mapping")
    known = {"cpu_seconds", "memory_bytes", "file_size_bytes", "processes"}
    unknown = set(raw) - known
    _require(not unknown, "emulator.job_limits", f"unknown setting(s) {', '.join(sorted(unknown))}")
    values = {
        name: None if raw[name] is None else _int(raw[name], f"emulator.job_limits.{name}", 1)
        for name in known & set(raw)
    }
    return replace(JobLimits(), **values)


def _parse_api_keys(raw: Any) -> dict[str, list[str]]:
    _require(isinstance(raw, list), "api_keys", "must be a list")
    keys: dict[str, list[str]] = {}
    for i, entry in enumerate(raw):
        where = f"api_keys[{i}]"
        _require(isinstance(entry, dict), where, "must be a mapping")
        key = entry.get("key")
        _require(isinstance(key, str) and bool(key), f"{where}.key", "is required")
        orgs = entry.get("organizations", [entry["organization"]] if "organization" in entry else None)
        _require(
            isinstance(orgs, list) and bool(orgs) and all(isinstance(o, str) and o for o in orgs),
            where,
            "needs `organization` or a non-empty `organizations` list",
        )
        keys.setdefault(key, [])
        keys[key] += [o for o in orgs if o not in keys[key]]
    return keys


def load_config_file(path: str | Path, settings: Settings) -> Settings:
    """Apply a YAML config file to `settings` (returned, modified in place).

    Raises:
        ConfigError: naming the first invalid setting.
    """
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    _require(isinstance(raw, dict), str(path), "must be a YAML mapping")
    if "api_keys" in raw:
        for key, orgs in _parse_api_keys(raw["api_keys"]).items():
            settings.api_keys[key] = settings.api_keys.get(key, []) + [
                o for o in orgs if o not in settings.api_keys.get(key, [])
            ]
    if raw.get("default_clusters", True) is False:
        settings.clusters = []
    clusters_raw = raw.get("clusters", [])
    _require(isinstance(clusters_raw, list), "clusters", "must be a list")
    by_name = {c.name: c for c in settings.clusters}
    for i, entry in enumerate(clusters_raw):
        name = entry.get("name") if isinstance(entry, dict) else None
        cluster = _parse_cluster(entry, f"clusters[{i}]", by_name.get(name) if isinstance(name, str) else None)
        by_name[cluster.name] = cluster
    settings.clusters = list(by_name.values())
    knobs = raw.get("emulator", {})
    _require(isinstance(knobs, dict), "emulator", "must be a mapping")
    for knob in ("cancel_grace_seconds", "scale_delay_seconds"):
        if knob in knobs:
            value = knobs[knob]
            _require(isinstance(value, (int, float)) and value >= 0, f"emulator.{knob}", "must be a number >= 0")
            setattr(settings, knob, float(value))
    if "validate_responses" in knobs:
        settings.validate_responses = bool(knobs["validate_responses"])
    for knob in ("max_log_bytes", "max_request_body_bytes"):
        if knob in knobs:
            setattr(settings, knob, _int(knobs[knob], f"emulator.{knob}", 1024))
    if "request_body_timeout_seconds" in knobs:
        value = knobs["request_body_timeout_seconds"]
        _require(isinstance(value, (int, float)) and value > 0, "emulator.request_body_timeout_seconds", "must be > 0")
        settings.request_body_timeout_seconds = float(value)
    if "job_limits" in knobs:
        settings.job_limits = _parse_job_limits(knobs["job_limits"])
    settings.options.update(raw)
    return settings
