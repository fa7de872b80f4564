"""deploy/k8s/network-policies.yaml: the connections the NetworkPolicies allow, worked out by
Kubernetes' rules from the built manifests, are exactly the ones the code makes — no more (a pod
reaching what it has no business with) and no fewer (a call the cluster would drop).

The call graph is written once below, from the code (each line says where), and a test reads the
code again to keep it true. The world around the namespace (the ingress controller, Prometheus,
cluster DNS, MySQL and Redis in the namespace or outside the cluster, an SMTP relay, public and
private addresses, strangers) is a set of peers whose labels are the ones deploy/README.md says
the policies assume.
"""

from __future__ import annotations

import ipaddress
import re
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
from deploy_support import LONG_RUNNING, REPO, SERVICES, WORKERS, all_containers, pod_spec

NAMESPACE = "omnipresence"
NAME = "app.kubernetes.io/name"
HTTP = 8000

# ---- what the code does ---------------------------------------------------------------------

# Who calls whom over HTTP, on the services' port 8000. A service calling itself is no edge.
CALLS = {
    # gateway/proxy.py: every /api route to its service by the table; main.py and ratelimit.py:
    # identity's token keys and login sessions for the streams it holds; /readyz asks each service.
    "gateway": {"identity", "presence", "sync", "reporting"},
    # identity/main.py: Participants(ServiceClient(settings.presence_url)), a user's participants.
    "identity": {"presence"},
    # omni_common/kit.py: every service's ServiceKit asks identity for the token keys (JWKS), login
    # sessions and organizations' settings; presence/directory.py names people through it.
    "presence": {"identity"},
    # sync/main.py: resolving a conflict asks presence (conflicts/service.py _ask_presence).
    "sync": {"identity", "presence"},
    # reporting/main.py: PresenceSource(ServiceClient(settings.presence_url)).
    "reporting": {"identity", "presence"},
    # presence/worker.py: ServiceClient(settings.identity_url): mail handed to identity's sender;
    # presence/erasure/tasks.py: a participant's erasure asked of sync and reporting.
    "presence-worker": {"identity", "sync", "reporting"},
    # sync/worker.py: the merge applies each chunk through presence; its lifecycle task asks
    # identity for the organizations' terms and presence for sessions' ends.
    "sync-worker": {"identity", "presence"},
    # reporting/worker.py: rows from presence, names from identity; an organization's export reads
    # every service (identity, presence, sync).
    "reporting-worker": {"identity", "presence", "sync"},
}
# Database(settings.database_url(...)): each API and worker, and provisioning and migrations. The
# beats never connect: they only put due tasks on the queue.
MYSQL_USERS = {*SERVICES, *WORKERS, "omni-migrate"}
# Broker, caches, fair use, live events: every long-running process, the beats included.
REDIS_USERS = {p.name for p in LONG_RUNNING}
# identity/mail/sender.py (smtplib), called only from identity/mail/tasks.py, run by its worker.
MAIL_SENDERS = {"identity-worker"}
# presence/webhooks/delivery.py deliver_due, a task of presence's worker.
WEBHOOK_SENDERS = {"presence-worker"}


def smtp_ports(k8s) -> set[int]:
    """The port identity's sender uses (IDENTITY_SMTP_PORT, else its default), and a relay's 25."""
    from identity.config import Settings

    configured = k8s[("ConfigMap", "omni-config")]["data"].get("IDENTITY_SMTP_PORT")
    return {int(configured or Settings.model_fields["smtp_port"].default), 25}


def calls_in_the_code() -> dict[str, set[str]]:
    """Who names whose URL in the code: the clients of a worker module (worker.py, and tasks.py,
    where a worker runs its work) are the worker's, any other module's the API's; an API built on
    ServiceKit asks identity; the gateway's proxy any service."""
    url = re.compile(r"settings\.(identity|presence|sync|reporting)_url")
    found = defaultdict(set)
    for service in SERVICES:
        source = REPO / "services" / service / "src" / service
        for path in source.rglob("*.py"):
            caller = f"{service}-worker" if path.name in ("worker.py", "tasks.py") else service
            found[caller] |= set(url.findall(path.read_text()))
        if "ServiceKit(" in (source / "main.py").read_text():
            found[service].add("identity")
    for path in (REPO / "gateway" / "src" / "gateway").rglob("*.py"):
        text = path.read_text()
        found["gateway"] |= set(url.findall(text))
        if "service_url(" in text:
            found["gateway"] |= set(SERVICES)
    return {caller: callees - {caller} for caller, callees in found.items() if callees - {caller}}


# ---- the world around the namespace ------------------------------------------------------------


@dataclass(eq=False)
class Peer:
    name: str
    namespace: str | None  # None: outside the cluster, known only by its address
    labels: dict[str, str] = field(default_factory=dict)
    listens: dict[tuple[int, str], str | None] = field(default_factory=dict)  # (port, protocol) -> name
    address: str | None = None
    public: bool = False  # an address on the internet (not a private, link-local or loopback one)


def tcp(*ports: int) -> dict[tuple[int, str], None]:
    return {(p, "TCP"): None for p in ports}


INGRESS_CONTROLLER = Peer("ingress-controller", "ingress-nginx", {NAME: "ingress-nginx"})
PROMETHEUS = Peer("prometheus", "monitoring", {NAME: "prometheus"})
KEDA_OPERATOR = Peer("keda-operator", "keda", {NAME: "keda-operator"})
DNS = Peer("kube-dns", "kube-system", {"k8s-app": "kube-dns"}, {(53, "UDP"): None, (53, "TCP"): None})
MYSQL_HERE = Peer("mysql", NAMESPACE, {NAME: "mysql"}, tcp(3306))
REDIS_HERE = Peer("redis", NAMESPACE, {NAME: "redis"}, tcp(6379))
MYSQL_MANAGED = Peer("managed-mysql", None, listens=tcp(3306), address="10.40.0.5")
REDIS_MANAGED = Peer("managed-redis", None, listens=tcp(6379), address="10.40.0.6")
STRANGERS = [
    Peer("debug-pod", NAMESPACE, {"run": "debug"}, tcp(8080)),
    Peer("another-app", "default", {NAME: "another-app"}, tcp(8080)),
    Peer("cloud-metadata", None, listens=tcp(80), address="169.254.169.254"),
    Peer("private-host", None, listens=tcp(22, 80, 443, 8000), address="192.168.10.10"),
]
PUBLIC_WEB = [
    Peer("public-web-server", None, listens=tcp(80, 443, 8443), address="93.184.215.14", public=True),
    Peer("public-web-server-v6", None, listens=tcp(443), address="2606:2800:21f:cb07::1", public=True),
]


def smtp_relay(k8s) -> Peer:
    return Peer("smtp-relay", None, listens=tcp(*smtp_ports(k8s)), address="149.72.0.25", public=True)


def our_pods(objects) -> list[Peer]:
    pods = []
    for obj in objects:
        if not pod_spec(obj):
            continue
        listens = {
            (p["containerPort"], p.get("protocol", "TCP")): p.get("name")
            for c in all_containers(obj)
            for p in c.get("ports", [])
        }
        labels = obj["spec"]["template"]["metadata"]["labels"]
        pods.append(Peer(obj["metadata"]["name"], obj["metadata"]["namespace"], labels, listens))
    return pods


# ---- Kubernetes' rules ---------------------------------------------------------------------------


def selects(selector: dict | None, labels: dict[str, str]) -> bool:
    """A label selector: an empty one selects everything."""
    selector = selector or {}
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for e in selector.get("matchExpressions", []):
        has, value = e["key"] in labels, labels.get(e["key"])
        ok = {
            "In": has and value in e.get("values", []),
            "NotIn": not has or value not in e.get("values", []),
            "Exists": has,
            "DoesNotExist": not has,
        }[e["operator"]]
        if not ok:
            return False
    return True


def within(address: str, cidr: str, excepted: list[str]) -> bool:
    """Whether an address is in an ipBlock: in its CIDR and in none of its exceptions (an address
    of the other IP version is in neither)."""
    ip = ipaddress.ip_address(address)

    def inside(network: str) -> bool:
        net = ipaddress.ip_network(network)
        return net.version == ip.version and ip in net

    return inside(cidr) and not any(inside(e) for e in excepted)


class Cluster:
    def __init__(self, objects: list[dict]):
        self.policies = [o for o in objects if o["kind"] == "NetworkPolicy"]
        self.namespace_labels = {NAMESPACE: {"kubernetes.io/metadata.name": NAMESPACE}}
        for o in objects:
            if o["kind"] == "Namespace":
                self.namespace_labels[o["metadata"]["name"]].update(o["metadata"].get("labels", {}))

    def ns_labels(self, namespace: str) -> dict[str, str]:
        return self.namespace_labels.get(namespace, {"kubernetes.io/metadata.name": namespace})

    def policies_for(self, peer: Peer, direction: str) -> list[dict]:
        return [
            p
            for p in self.policies
            if peer.namespace == p["metadata"]["namespace"]
            and direction in p["spec"].get("policyTypes", ["Ingress"])
            and selects(p["spec"]["podSelector"], peer.labels)
        ]

    def matches(self, rule_peer: dict, policy_namespace: str, other: Peer) -> bool:
        if "ipBlock" in rule_peer:
            block = rule_peer["ipBlock"]
            return other.address is not None and within(other.address, block["cidr"], block.get("except", []))
        if other.namespace is None:
            return False  # pod and namespace selectors match pods only
        if "namespaceSelector" in rule_peer:
            if not selects(rule_peer["namespaceSelector"], self.ns_labels(other.namespace)):
                return False
        elif other.namespace != policy_namespace:
            return False
        return "podSelector" not in rule_peer or selects(rule_peer["podSelector"], other.labels)

    @staticmethod
    def port_matches(ports: list[dict] | None, port: int, protocol: str, destination: Peer) -> bool:
        if not ports:
            return True
        for p in ports:
            if p.get("protocol", "TCP") != protocol:
                continue
            wanted = p.get("port")
            if wanted is None:
                return True
            if isinstance(wanted, str):
                if destination.listens.get((port, protocol)) == wanted:
                    return True
            elif wanted <= port <= p.get("endPort", wanted):
                return True
        return False

    def side_allows(self, selected: Peer, other: Peer, port: int, protocol: str, direction: str) -> bool:
        """Whether the policies selecting `selected` let this connection out (Egress) or in
        (Ingress); a pod no policy selects for that direction is not isolated."""
        policies = self.policies_for(selected, direction)
        if not policies:
            return True
        rules_key, peers_key = ("egress", "to") if direction == "Egress" else ("ingress", "from")
        destination = other if direction == "Egress" else selected
        for policy in policies:
            for rule in policy["spec"].get(rules_key, []):
                peers = rule.get(peers_key) or []
                if peers and not any(self.matches(p, policy["metadata"]["namespace"], other) for p in peers):
                    continue
                if self.port_matches(rule.get("ports"), port, protocol, destination):
                    return True
        return False

    def allows(self, source: Peer, destination: Peer, port: int, protocol: str) -> bool:
        return self.side_allows(source, destination, port, protocol, "Egress") and self.side_allows(
            destination, source, port, protocol, "Ingress"
        )


Edge = tuple[str, str, int, str]


def allowed_edges(objects: list[dict], peers: list[Peer]) -> set[Edge]:
    cluster = Cluster(objects)
    return {
        (s.name, d.name, port, protocol)
        for s in peers
        for d in peers
        if s is not d and NAMESPACE in (s.namespace, d.namespace)
        for port, protocol in d.listens
        if cluster.allows(s, d, port, protocol)
    }


# ---- the expected graph, the builds, the comparison -------------------------------------------------


def world(objects, k8s) -> list[Peer]:
    return [
        *our_pods(objects),
        INGRESS_CONTROLLER,
        PROMETHEUS,
        KEDA_OPERATOR,
        DNS,
        MYSQL_HERE,
        REDIS_HERE,
        MYSQL_MANAGED,
        REDIS_MANAGED,
        smtp_relay(k8s),
        *PUBLIC_WEB,
        *STRANGERS,
    ]


def expected_edges(objects, peers: list[Peer], *, keda: bool) -> set[Edge]:
    edges = {(INGRESS_CONTROLLER.name, "gateway", HTTP, "TCP")}
    for obj in objects:
        annotations = (pod_spec(obj) and obj["spec"]["template"]["metadata"].get("annotations")) or {}
        if annotations.get("prometheus.io/scrape") == "true":
            edges.add((PROMETHEUS.name, obj["metadata"]["name"], int(annotations["prometheus.io/port"]), "TCP"))
    for caller, callees in CALLS.items():
        edges |= {(caller, callee, HTTP, "TCP") for callee in callees}
    for user in MYSQL_USERS:
        edges |= {(user, MYSQL_HERE.name, 3306, "TCP"), (user, MYSQL_MANAGED.name, 3306, "TCP")}
    for user in REDIS_USERS:
        edges |= {(user, REDIS_HERE.name, 6379, "TCP"), (user, REDIS_MANAGED.name, 6379, "TCP")}
    if keda:
        edges.add((KEDA_OPERATOR.name, REDIS_HERE.name, 6379, "TCP"))
    for peer in peers:
        if peer.namespace == NAMESPACE:  # every pod here may look names up
            edges |= {(peer.name, DNS.name, 53, "UDP"), (peer.name, DNS.name, 53, "TCP")}
        for port, protocol in peer.listens:
            if peer.name == "smtp-relay":
                edges |= {(sender, peer.name, port, protocol) for sender in MAIL_SENDERS}
            if peer.public:  # webhooks go to any public address, any port; never a private one
                edges |= {(sender, peer.name, port, protocol) for sender in WEBHOOK_SENDERS}
    return edges


@pytest.fixture(scope="module", params=["base", "keda"])
def build(request) -> tuple[str, list[dict]]:
    """deploy/k8s, and deploy/k8s-keda (which lets KEDA's operator read Redis)."""
    return request.param, request.getfixturevalue("k8s_objects" if request.param == "base" else "keda_objects")


def test_the_policies_allow_exactly_the_call_graph(build, k8s):
    name, objects = build
    peers = world(objects, k8s)
    allowed = allowed_edges(objects, peers)
    expected = expected_edges(objects, peers, keda=name == "keda")
    assert sorted(allowed - expected) == [], "allowed, though nothing in the code calls it"
    assert sorted(expected - allowed) == [], "the code makes these calls, and the policies would drop them"


def test_the_call_graph_is_the_codes():
    assert calls_in_the_code() == CALLS


def test_the_namespace_denies_by_default(k8s):
    deny = k8s.get(("NetworkPolicy", "default-deny"))
    assert deny is not None
    assert deny["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}


def test_every_component_has_a_policy_of_its_own(k8s_objects, k8s):
    """One NetworkPolicy per Deployment or Job, selecting exactly its pods by name."""
    for obj in k8s_objects:
        if not pod_spec(obj):
            continue
        name = obj["metadata"]["name"]
        policy = k8s.get(("NetworkPolicy", name))
        assert policy is not None, f"{name} has no NetworkPolicy of its own"
        assert policy["spec"]["podSelector"] == {"matchLabels": {NAME: name}}, name
        assert set(policy["spec"]["policyTypes"]) == {"Ingress", "Egress"}, name


def test_the_checker_bites(k8s_objects, k8s):
    """A policy letting any namespace reach identity, and one dropping the sync worker's calls to
    presence, are both caught."""
    import copy

    objects = copy.deepcopy(k8s_objects)
    policies = {o["metadata"]["name"]: o for o in objects if o["kind"] == "NetworkPolicy"}
    policies["identity"]["spec"]["ingress"][0]["from"] = [{"namespaceSelector": {}}]
    policies["sync-worker"]["spec"]["egress"] = policies["sync-worker"]["spec"]["egress"][1:]
    peers = world(objects, k8s)
    allowed = allowed_edges(objects, peers)
    expected = expected_edges(objects, peers, keda=False)
    assert ("another-app", "identity", HTTP, "TCP") in allowed - expected
    assert ("sync-worker", "presence", HTTP, "TCP") in expected - allowed
