"""The load generators and checks behind scripts/crash-check and scripts/soak.

    crash       a mixed write load (registrations, which queue a confirmation
                mail each, confirmations, ideas, supports, comments) while the
                server is killed with SIGKILL at random moments and started
                again; then: every acknowledged idea, support, comment and
                account is in the database, `plein check` finds no counter or
                search index difference, every mail job the outbox holds
                reached the SMTP server (aiosmtpd) with its Message-ID (as
                many distinct Message-IDs as mails queued; a copy only of a
                mail being sent at a kill, at most one per kill, and under the
                same Message-ID), every acknowledged registration got its
                mail, no job failed.
    db-restart  a private PostgreSQL cluster restarted under write load: every
                request answers, failures carry DATABASE_UNAVAILABLE, and the
                same server process takes writes again afterwards.
    disk-full   the data folder on a small tmpfs filled up under writes: writes
                fail with STORAGE_FULL, the server stays up, writes work again
                once space returns, SQLite's integrity_check and `plein check`
                pass.
    soak        a steady mixed load well under saturation; reports memory,
                errors, p99 per minute, database connections and open files.

Standard library only, so it runs with any python3.
"""

import argparse
import email
import email.policy
import json
import os
import random
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

PASSWORD = "crash-check-wachtwoord"


def log(message):
    print(f"[plein-ops {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def norm_id(value):
    """A UUID as 32 lower-case hex digits, however the database holds it."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value).replace("-", "").lower()


class Database:
    def __init__(self, url):
        self.url = url

    def rows(self, sql):
        if self.url.startswith("sqlite:"):
            path = self.url[len("sqlite://"):].split("?")[0]
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
            try:
                return [tuple(row) for row in con.execute(sql).fetchall()]
            finally:
                con.close()
        out = subprocess.run(
            ["psql", self.url, "-AtX", "-F", "\t", "-c", sql],
            check=True, capture_output=True, text=True,
        ).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]


class Server:
    def __init__(self, binary, env, log_path):
        self.binary = binary
        self.env = env
        self.log_path = log_path
        self.proc = None
        self.url = f"http://{env['PLEIN_LISTEN']}"

    def start(self, timeout=120):
        logfile = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve"], env=self.env, stdout=logfile, stderr=logfile,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"FAIL: the server exited with {self.proc.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        raise SystemExit(f"FAIL: the server did not answer /healthz within {timeout} s")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise SystemExit("FAIL: the server did not stop within 60 s of SIGTERM")


class Unanswered(Exception):
    """No answer: the outcome of the request is unknown."""


class Client:
    def __init__(self, url):
        self.url = url

    def gql(self, query, variables=None, token=None, ip=None):
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(self.url + "/graphql", data=body, method="POST")
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        request.add_header("X-Forwarded-For", ip or f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                payload = json.loads(response.read())
        except urllib.error.HTTPError as err:
            try:
                payload = json.loads(err.read() or b"{}")
            except ValueError:
                payload = {}
            if not payload.get("errors"):
                raise Unanswered(f"HTTP {err.code}")
        except (urllib.error.URLError, OSError, ValueError) as err:
            raise Unanswered(str(err))
        return payload

    def mutate(self, name, input_value, selection, token=None, ip=None):
        type_name = name[0].upper() + name[1:] + "Input"
        payload = self.gql(
            f"mutation($input: {type_name}!) {{ {name}(input: $input) {selection} }}",
            {"input": input_value}, token, ip,
        )
        if payload.get("errors"):
            code = (payload["errors"][0].get("extensions") or {}).get("code", "UNKNOWN")
            return None, code
        return payload["data"][name], None


class Mailbox:
    """The Maildir aiosmtpd writes every received mail to."""

    def __init__(self, path):
        self.path = path

    def messages(self):
        out = []
        for sub in ("new", "cur"):
            folder = os.path.join(self.path, sub)
            if not os.path.isdir(folder):
                continue
            for name in os.listdir(folder):
                with open(os.path.join(folder, name), "rb") as f:
                    out.append(email.message_from_binary_file(f, policy=email.policy.default))
        return out

    @staticmethod
    def text(message):
        parts = []
        for part in message.walk():
            if part.get_content_type() in ("text/plain", "text/html"):
                try:
                    parts.append(part.get_content())
                except (LookupError, ValueError):
                    pass
        return "\n".join(parts)


class Load:
    def __init__(self, client, mailbox, area):
        self.client = client
        self.mailbox = mailbox
        self.area = area
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.registered = {}  # email -> user id
        self.unconfirmed = []  # (email, token, user id)
        self.writers = []  # (token, user id)
        self.ideas = []  # published idea ids
        self.created = []
        self.supports = []  # (user id, idea id)
        self.comments = []
        self.outcomes = {}
        self.counter = 0

    def note(self, what):
        with self.lock:
            self.outcomes[what] = self.outcomes.get(what, 0) + 1

    def next_number(self):
        with self.lock:
            self.counter += 1
            return self.counter

    def register(self):
        n = self.next_number()
        address = f"bewoner{n}-{uuid.uuid4().hex[:6]}@crash.plein.test"
        data, code = self.client.mutate(
            "register",
            {"email": address, "password": PASSWORD, "displayName": f"Bewoner {n}"},
            "{ token user { id } }",
        )
        if code:
            self.note(f"register refused: {code}")
            return
        with self.lock:
            self.registered[address] = data["user"]["id"]
            self.unconfirmed.append((address, data["token"], data["user"]["id"]))
        self.note("register acknowledged")

    def confirm(self):
        with self.lock:
            waiting = list(self.unconfirmed)
        if not waiting:
            return False
        links = {}
        for message in self.mailbox.messages():
            match = re.search(r"/verify-email\?token=([A-Za-z0-9_\-.~%]+)", Mailbox.text(message))
            if match:
                links[str(message["To"]).strip("<> ").lower()] = match.group(1)
        for address, token, user_id in waiting:
            link = next((v for k, v in links.items() if address in k), None)
            if link is None:
                continue
            with self.lock:
                # Another worker may have taken this one meanwhile.
                if (address, token, user_id) not in self.unconfirmed:
                    continue
                self.unconfirmed.remove((address, token, user_id))
            try:
                with urllib.request.urlopen(f"{self.client.url}/verify-email?token={link}", timeout=30) as r:
                    ok = r.status == 200
            except urllib.error.HTTPError as err:
                ok = False
                self.note(f"confirm refused: HTTP {err.code}")
            except (urllib.error.URLError, OSError):
                raise Unanswered("confirm")
            with self.lock:
                if ok:
                    self.writers.append((token, user_id))
            if ok:
                self.note("confirm acknowledged")
            return True
        return False

    def writer(self):
        with self.lock:
            return random.choice(self.writers) if self.writers else None

    def idea(self):
        who = self.writer()
        if not who:
            return self.register()
        n = self.next_number()
        data, code = self.client.mutate(
            "createIdea",
            {"title": f"Idee {n}: meer bankjes in de buurt", "body": "Zodat iedereen kan uitrusten.",
             "areaId": self.area, "tags": ["groen"]},
            "{ idea { id } }", who[0],
        )
        if code:
            self.note(f"createIdea refused: {code}")
            return
        idea_id = data["idea"]["id"]
        with self.lock:
            self.created.append(idea_id)
        self.note("createIdea acknowledged")
        data, code = self.client.mutate("publishIdea", {"id": idea_id}, "{ idea { id } }", who[0])
        if code:
            self.note(f"publishIdea refused: {code}")
            return
        with self.lock:
            self.ideas.append(idea_id)
        self.note("publishIdea acknowledged")

    def support(self):
        who = self.writer()
        with self.lock:
            idea = random.choice(self.ideas) if self.ideas else None
        if not who or not idea:
            return self.idea()
        data, code = self.client.mutate("supportIdea", {"ideaId": idea}, "{ idea { id } }", who[0])
        if code:
            self.note(f"supportIdea refused: {code}")
            return
        with self.lock:
            self.supports.append((who[1], idea))
        self.note("supportIdea acknowledged")

    def comment(self):
        who = self.writer()
        with self.lock:
            idea = random.choice(self.ideas) if self.ideas else None
        if not who or not idea:
            return self.idea()
        data, code = self.client.mutate(
            "postComment",
            {"subjectKind": "IDEA", "subjectId": idea, "body": "Goed plan, ik doe mee!"},
            "{ comment { id } }", who[0],
        )
        if code:
            self.note(f"postComment refused: {code}")
            return
        with self.lock:
            self.comments.append(data["comment"]["id"])
        self.note("postComment acknowledged")

    def run(self):
        actions = [self.register] * 2 + [self.idea] * 3 + [self.support] * 3 + [self.comment] * 2
        while not self.stop.is_set():
            try:
                if not self.confirm():
                    random.choice(actions)()
            except Unanswered:
                self.note("no answer (server down)")
                time.sleep(0.2)
            time.sleep(random.uniform(0.0, 0.05))


def plein_env(args, database_url, data_dir, smtp_port=None):
    port = free_port()
    env = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("MEILI_", "PLEIN_", "SMTP_", "DATABASE_"))
    }
    env.update({
        "PLEIN_LISTEN": f"127.0.0.1:{port}",
        "PLEIN_DATA_DIR": data_dir,
        "DATABASE_URL": database_url,
        "PLEIN_TRUST_PROXY": "true",
        "PLEIN_METRICS": "true",
        "PLEIN_ADMIN_PASSWORD": PASSWORD,
        "PLEIN_DRAIN_MS": "200",
        "RUST_LOG": os.environ.get("RUST_LOG", "warn"),
    })
    if smtp_port:
        env["SMTP_URL"] = f"smtp://127.0.0.1:{smtp_port}"
    return env


def admins(plein, env, client, count):
    """`count` confirmed accounts that may write (admins, made with the CLI), signed in."""
    tokens = []
    for n in range(count):
        address = f"schrijver{n}@ops.plein.test"
        subprocess.run([plein, "create-admin", "--email", address, "--name", f"Schrijver {n}"],
                       env=env, check=True, capture_output=True)
        data, code = client.mutate("signIn", {"email": address, "password": PASSWORD}, "{ token user { id } }",
                                   ip=f"10.9.{n // 250}.{n % 250 + 1}")
        if code:
            raise SystemExit(f"FAIL: {address} could not sign in: {code}")
        tokens.append((data["token"], data["user"]["id"]))
    return tokens


def new_area(client, token, name):
    area, code = client.mutate("createArea", {"name": name, "kind": "MUNICIPALITY"}, "{ area { id } }", token)
    if code:
        raise SystemExit(f"FAIL: no area: {code}")
    return area["area"]["id"]


def crash(args):
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    random.seed(seed)
    log(f"random seed {seed} (--seed {seed} repeats the kill times)")
    env = plein_env(args, args.database_url, args.data_dir, args.smtp_port)
    server = Server(args.plein, env, os.path.join(args.data_dir, "..", "server.log"))
    db = Database(args.database_url)
    server.start()
    client = Client(server.url)
    admin = admins(args.plein, env, client, 1)[0]
    load = Load(client, Mailbox(args.maildir), new_area(client, admin[0], "Crashwijk"))
    threads = [threading.Thread(target=load.run, daemon=True) for _ in range(args.workers)]
    for t in threads:
        t.start()

    kills = 0
    started = time.time()
    for _ in range(args.kills):
        time.sleep(random.uniform(2.0, 7.0))
        server.kill()
        kills += 1
        log(f"SIGKILL {kills}/{args.kills} after {time.time() - started:.0f} s; restarting")
        time.sleep(random.uniform(0.0, 1.0))
        server.start()
    time.sleep(3)
    load.stop.set()
    for t in threads:
        t.join(timeout=60)
    log("load stopped: " + ", ".join(f"{k} {v}" for k, v in sorted(load.outcomes.items())))

    # The jobs the killed servers held come free when their lease ends.
    scheduled = ("notify.digest", "budget.phase")
    deadline = time.time() + 120
    while True:
        pending = [r for r in db.rows("SELECT kind FROM jobs WHERE done_at IS NULL AND failed_at IS NULL")
                   if r[0] not in scheduled]
        if not pending:
            break
        if time.time() > deadline:
            raise SystemExit(f"FAIL: {len(pending)} outbox jobs still waiting after 120 s")
        time.sleep(1)
    log("outbox drained")
    server.stop()

    failures = []

    def expect(ok, message):
        if not ok:
            failures.append(message)

    ideas = {norm_id(r[0]) for r in db.rows("SELECT id FROM ideas")}
    comments = {norm_id(r[0]) for r in db.rows("SELECT id FROM comments")}
    supports = {(norm_id(r[0]), norm_id(r[1])) for r in db.rows("SELECT user_id, idea_id FROM supports")}
    users = {norm_id(r[0]) for r in db.rows("SELECT id FROM users")}
    lost_ideas = [i for i in load.created if norm_id(i) not in ideas]
    lost_comments = [c for c in load.comments if norm_id(c) not in comments]
    lost_supports = [s for s in load.supports if (norm_id(s[0]), norm_id(s[1])) not in supports]
    lost_users = [a for a, u in load.registered.items() if norm_id(u) not in users]
    expect(not lost_ideas, f"acknowledged ideas missing: {lost_ideas[:5]}")
    expect(not lost_comments, f"acknowledged comments missing: {lost_comments[:5]}")
    expect(not lost_supports, f"acknowledged supports missing: {lost_supports[:5]}")
    expect(not lost_users, f"acknowledged accounts missing: {lost_users[:5]}")
    published = {norm_id(r[0]) for r in db.rows("SELECT id FROM ideas WHERE status <> 'draft'")}
    unpublished = [i for i in load.ideas if norm_id(i) not in published]
    expect(not unpublished, f"acknowledged publications missing: {unpublished[:5]}")
    failed = db.rows("SELECT kind, last_error FROM jobs WHERE failed_at IS NOT NULL")
    expect(not failed, f"outbox jobs failed for good: {failed[:5]}")

    mail_jobs = {norm_id(r[0]) for r in db.rows("SELECT id FROM jobs WHERE kind LIKE 'mail.%' OR kind = 'notify.mail'")}
    messages = Mailbox(args.maildir).messages()
    delivered = {}  # Message-ID (the outbox job's id) -> copies received
    recipients = set()
    without_id = 0
    verification_ids = {}  # address -> the Message-IDs of its verification mails
    for message in messages:
        if message["Message-ID"] is None:
            without_id += 1
            continue
        key = str(message["Message-ID"]).strip("<>").split("@")[0].lower()
        delivered[key] = delivered.get(key, 0) + 1
        to = str(message["To"]).strip("<> ").lower()
        recipients.add(to)
        if "/verify-email?token=" in Mailbox.text(message):
            verification_ids.setdefault(to, set()).add(key)
    never = mail_jobs - set(delivered)
    unknown = set(delivered) - mail_jobs
    twice = {k: n for k, n in delivered.items() if n > 1}
    expect(without_id == 0, f"{without_id} mails arrived without a Message-ID")
    expect(not never, f"{len(never)} queued mails never delivered")
    expect(not unknown, f"{len(unknown)} delivered mails belong to no outbox job")
    # Exactly once, told by Message-ID: as many distinct ones as mails queued.
    expect(len(delivered) == len(mail_jobs),
           f"{len(delivered)} distinct Message-IDs arrived for {len(mail_jobs)} queued mails")
    # A copy is recognisable as one: each address registered once, so every
    # verification mail it got, copies included, carries the same Message-ID.
    unrecognisable = {to: ids for to, ids in verification_ids.items() if len(ids) > 1}
    expect(not unrecognisable,
           f"{len(unrecognisable)} addresses got one mail under several Message-IDs: "
           f"{list(unrecognisable.items())[:3]}")
    expect(sum(n - 1 for n in twice.values()) <= kills,
           f"{len(twice)} mails delivered more than once, more than one per kill")
    no_mail = [a for a in load.registered if not any(a in r for r in recipients)]
    expect(not no_mail, f"acknowledged registrations without their mail: {no_mail[:5]}")

    check = subprocess.run([args.plein, "check"], env=env, capture_output=True, text=True)
    print(check.stdout.strip())
    expect(check.returncode == 0, f"plein check found differences: {check.stderr.strip()}")

    log(f"{kills} kills; acknowledged: {len(load.registered)} accounts, {len(load.created)} ideas "
        f"({len(load.ideas)} published), {len(load.supports)} supports, {len(load.comments)} comments; "
        f"{len(mail_jobs)} mails queued, {len(delivered)} distinct Message-IDs delivered "
        f"({len(messages)} messages)"
        + (f", {len(twice)} of them twice (sent as the server was killed)" if twice else ""))
    writes = len(load.created) + len(load.supports) + len(load.comments)
    expect(writes >= 20, f"too little load to say anything: {writes} writes acknowledged")
    if failures:
        for f in failures:
            print(f"FAIL: {f}", file=sys.stderr)
        sys.exit(1)
    log("PASS: nothing acknowledged was lost")


class Writes:
    """Writes from a few signed-in accounts, each outcome counted: "ok", an
    error code, or "no answer"."""

    def __init__(self, client, writers, area, body="Zodat iedereen kan uitrusten."):
        self.client = client
        self.writers = writers
        self.area = area
        self.body = body
        self.lock = threading.Lock()
        self.ideas = []
        self.outcomes = {}
        self.latencies = []  # (finished at, seconds, outcome)

    def one(self):
        token, _ = random.choice(self.writers)
        with self.lock:
            idea = random.choice(self.ideas) if self.ideas else None
        started = time.time()
        try:
            if idea is None or random.random() < 0.4:
                data, code = self.client.mutate(
                    "createIdea",
                    {"title": "Meer bomen in de straat", "body": self.body, "areaId": self.area, "tags": []},
                    "{ idea { id } }", token)
                if not code:
                    new = data["idea"]["id"]
                    _, code = self.client.mutate("publishIdea", {"id": new}, "{ idea { id } }", token)
                    if not code:
                        with self.lock:
                            self.ideas.append(new)
            elif random.random() < 0.5:
                _, code = self.client.mutate("supportIdea", {"ideaId": idea}, "{ idea { id } }", token)
                if code == "CONFLICT":
                    code = None
            else:
                _, code = self.client.mutate(
                    "postComment", {"subjectKind": "IDEA", "subjectId": idea, "body": "Eens!"},
                    "{ comment { id } }", token)
            outcome = code or "ok"
        except Unanswered:
            outcome = "no answer"
        took = time.time() - started
        with self.lock:
            self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
            self.latencies.append((time.time(), took, outcome))
        return outcome

    def summary(self):
        return ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))


def loop(stop, action, pause=0.02):
    while not stop.is_set():
        action()
        time.sleep(pause)


def healthz(url):
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=20) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code
    except (urllib.error.URLError, OSError):
        return None


def db_restart(args):
    """A private cluster (never the machine's shared PostgreSQL), restarted under load."""
    work = args.work
    cluster = os.path.join(work, "cluster")
    os.makedirs(cluster, exist_ok=True)
    as_postgres = [] if os.getuid() != 0 else ["runuser", "-u", "postgres", "--"]
    if os.getuid() == 0:
        # initdb refuses to run as root: the cluster belongs to postgres,
        # who must be able to reach it.
        subprocess.run(["chown", "-R", "postgres", work], check=True)
        os.chmod(os.path.dirname(os.path.abspath(work)), 0o755)
    bin_dir = args.pg_bin
    port = args.pg_port
    subprocess.run(as_postgres + [f"{bin_dir}/initdb", "-D", cluster, "-U", "postgres", "--auth=trust",
                                  "--no-sync"], check=True, capture_output=True)
    pg_opts = f"-p {port} -k {work} -c listen_addresses=127.0.0.1 -c fsync=off"

    def pg_ctl(*command):
        subprocess.run(as_postgres + [f"{bin_dir}/pg_ctl", "-D", cluster, "-l", os.path.join(work, "pg.log"),
                                      "-o", pg_opts, "-w", *command], check=True, capture_output=True)

    pg_ctl("start")
    server = None
    try:
        base = f"postgres://postgres@127.0.0.1:{port}"
        subprocess.run(["psql", f"{base}/postgres", "-qAtX", "-c", "CREATE DATABASE plein"], check=True,
                       capture_output=True)
        data = os.path.join(work, "data")
        os.makedirs(data, exist_ok=True)
        env = plein_env(args, f"{base}/plein", data)
        env["DATABASE_MAX_CONNECTIONS"] = "4"
        server = Server(args.plein, env, os.path.join(work, "server.log"))
        server.start()
        client = Client(server.url)
        writers = admins(args.plein, env, client, 8)
        writes = Writes(client, writers, new_area(client, writers[0][0], "Herstartwijk"))
        stop = threading.Event()
        # About 8 writes a second: the accounts' write limits last the run.
        threads = [threading.Thread(target=loop, args=(stop, writes.one, 0.25), daemon=True) for _ in range(3)]
        for t in threads:
            t.start()
        time.sleep(3)
        before = dict(writes.outcomes)
        log("stopping the private PostgreSQL under load")
        down_at = time.time()
        pg_ctl("stop", "-m", "fast")
        time.sleep(1.5)
        during = healthz(server.url)
        time.sleep(1.5)
        pg_ctl("start")
        up_at = time.time()
        log("PostgreSQL is back")
        recovered = None
        while time.time() < up_at + 30:
            after = [l for l in writes.latencies if l[0] > up_at and l[0] - l[1] > up_at and l[2] == "ok"]
            if after:
                recovered = after[0][0] - up_at
                break
            time.sleep(0.2)
        time.sleep(2)
        stop.set()
        for t in threads:
            t.join(timeout=30)
        alive = server.proc.poll() is None
        log(f"before the restart: {before}; in all: {writes.summary()}")
        failures = []
        bad = {k: v for k, v in writes.outcomes.items()
               if k not in ("ok", "DATABASE_UNAVAILABLE", "RATE_LIMITED")}
        if bad:
            failures.append(f"answers other than success or DATABASE_UNAVAILABLE: {bad}")
        if not alive:
            failures.append("the server process exited")
        if recovered is None:
            failures.append("no write succeeded within 30 s of the database's return")
        if during != 503:
            failures.append(f"/healthz answered {during} while the database was down, not 503")
        if healthz(server.url) != 200:
            failures.append("/healthz does not answer 200 after the restart")
        server.stop()
        check = subprocess.run([args.plein, "check"], env=env, capture_output=True, text=True)
        if check.returncode != 0:
            failures.append(f"plein check: {check.stdout} {check.stderr}")
        if failures:
            for f in failures:
                print(f"FAIL: {f}", file=sys.stderr)
            sys.exit(1)
        log(f"PASS: down {up_at - down_at:.1f} s; failed requests all said DATABASE_UNAVAILABLE "
            f"({writes.outcomes.get('DATABASE_UNAVAILABLE', 0)}); writes again {recovered:.1f} s after "
            "the database returned, in the same server process")
    finally:
        if server:
            server.stop()
        subprocess.run(as_postgres + [f"{bin_dir}/pg_ctl", "-D", cluster, "-m", "immediate", "stop"],
                       capture_output=True)


def disk_full(args):
    """The data folder on a small tmpfs (root only), filled up under writes."""
    work = args.work
    disk = os.path.join(work, "disk")
    os.makedirs(disk, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={args.size_mb}m", "tmpfs", disk], check=True)
    server = None
    try:
        data = os.path.join(disk, "data")
        os.makedirs(data)
        db_file = os.path.join(data, "plein.db")
        env = plein_env(args, f"sqlite://{db_file}?mode=rwc", data)
        server = Server(args.plein, env, os.path.join(work, "server.log"))
        server.start()
        client = Client(server.url)
        writers = admins(args.plein, env, client, 6)
        writes = Writes(client, writers, new_area(client, writers[0][0], "Volwijk"), body="Lang verhaal. " * 700)
        for _ in range(5):
            if writes.one() != "ok":
                raise SystemExit(f"FAIL: writes fail before the disk is full: {writes.summary()}")
        filler = os.path.join(disk, "filler")
        chunk = b"\0" * (1 << 20)
        with open(filler, "wb", buffering=0) as f:
            for size in (1 << 20, 1 << 12, 1):
                try:
                    while True:
                        f.write(chunk[:size])
                except OSError:
                    pass
        log(f"disk full ({os.path.getsize(filler) >> 20} MiB of filler)")
        full = {}
        for _ in range(60):
            outcome = writes.one()
            full[outcome] = full.get(outcome, 0) + 1
            if full.get("STORAGE_FULL", 0) >= 5:
                break
        log(f"writes on a full disk: {full}")
        failures = []
        bad = {k: v for k, v in full.items() if k not in ("ok", "STORAGE_FULL")}
        if bad:
            failures.append(f"on a full disk, answers other than success or STORAGE_FULL: {bad}")
        if not full.get("STORAGE_FULL"):
            failures.append("no write failed with STORAGE_FULL on a full disk")
        if server.proc.poll() is not None or healthz(server.url) is None:
            failures.append("the server did not stay up on a full disk")
        os.remove(filler)
        log("space is back")
        again = {}
        deadline = time.time() + 30
        while time.time() < deadline:
            outcome = writes.one()
            again[outcome] = again.get(outcome, 0) + 1
            if again.get("ok", 0) >= 5:
                break
            time.sleep(0.5)
        log(f"writes once space returned: {again}")
        if again.get("ok", 0) < 5:
            failures.append(f"writes did not work again once space returned: {again}")
        db = Database(env["DATABASE_URL"])
        deadline = time.time() + 60
        while time.time() < deadline:
            if not db.rows("SELECT kind FROM jobs WHERE done_at IS NULL AND failed_at IS NULL "
                           "AND kind NOT IN ('notify.digest', 'budget.phase')"):
                break
            time.sleep(1)
        server.stop()
        integrity = Database(env["DATABASE_URL"]).rows("PRAGMA integrity_check")
        if integrity != [("ok",)]:
            failures.append(f"SQLite integrity_check: {integrity[:5]}")
        check = subprocess.run([args.plein, "check"], env=env, capture_output=True, text=True)
        print(check.stdout.strip())
        if check.returncode != 0:
            failures.append(f"plein check: {check.stderr.strip()}")
        if failures:
            for f in failures:
                print(f"FAIL: {f}", file=sys.stderr)
            sys.exit(1)
        log("PASS: writes on a full disk said STORAGE_FULL, the server stayed up, writes work again, "
            "integrity_check and plein check pass")
    finally:
        if server:
            server.stop()
        subprocess.run(["umount", disk], capture_output=True)


def metrics(url):
    out = {}
    try:
        with urllib.request.urlopen(url + "/metrics", timeout=10) as r:
            for line in r.read().decode().splitlines():
                if line and not line.startswith("#"):
                    name, _, value = line.rpartition(" ")
                    out[name] = float(value)
    except (urllib.error.URLError, OSError, ValueError):
        pass
    return out


def soak(args):
    """A steady mixed load well under saturation, with figures per minute."""
    env = plein_env(args, args.database_url, args.data_dir)
    server = Server(args.plein, env, os.path.join(args.data_dir, "..", "server.log"))
    server.start()
    client = Client(server.url)
    duration = args.minutes * 60
    warmup = args.warmup if args.warmup is not None else min(120.0, duration / 10)
    write_rate = args.rate / 8
    # Each account may write 60 times in 10 minutes; keep well under that.
    writers = admins(args.plein, env, client, max(2, int(write_rate / 0.04) + 1))
    writes = Writes(client, writers, new_area(client, writers[0][0], "Duurwijk"))
    reads = []  # (finished at, seconds, outcome)
    lock = threading.Lock()
    queries = [
        ("query($q: String!) { search(query: $q, first: 10) { edges { node { __typename } } estimatedTotal } }",
         {"q": "bomen"}),
        ("query { ideas(first: 20) { edges { node { id title supportCount } } } }", {}),
        ("query($q: String!) { search(query: $q, first: 5) { estimatedTotal } }", {"q": "straat"}),
    ]

    def read():
        query, variables = random.choice(queries)
        started = time.time()
        try:
            payload = client.gql(query, variables)
            outcome = "ok" if not payload.get("errors") else \
                (payload["errors"][0].get("extensions") or {}).get("code", "ERROR")
        except Unanswered:
            outcome = "no answer"
        with lock:
            reads.append((time.time(), time.time() - started, outcome))

    stop = threading.Event()

    def paced():
        # Open-loop pacing: each worker fires at its share of the rate.
        workers = 4
        interval = workers / args.rate
        next_at = time.time() + random.uniform(0, interval)
        while not stop.is_set():
            now = time.time()
            if now < next_at:
                time.sleep(min(next_at - now, 0.5))
                continue
            next_at += interval
            if random.random() < 1 / 8:
                writes.one()
            else:
                read()

    started = time.time()
    threads = [threading.Thread(target=paced, daemon=True) for _ in range(4)]
    for t in threads:
        t.start()
    rows = []
    warm, warm_at = None, 0.0
    pg = args.database_url.startswith("postgres")
    minute = 0
    while time.time() - started < duration:
        # Each row is one minute of the clock, however long the sampling
        # itself takes: the window ends where the next one starts.
        window_start = started + minute * 60
        window_end = min(window_start + 60, started + duration)
        time.sleep(max(0.0, window_end - time.time()))
        elapsed = time.time() - started
        m = metrics(server.url)
        if warm is None and elapsed >= warmup:
            warm, warm_at = m, elapsed
        with lock:
            window = [r for r in reads if window_start <= r[0] < window_end] + \
                [w for w in writes.latencies if window_start <= w[0] < window_end]
        minute += 1
        lat = sorted(r[1] for r in window)
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else 0
        errors = sum(1 for r in window if r[2] not in ("ok", "RATE_LIMITED"))
        backend_conns = None
        if pg:
            try:
                backend_conns = int(Database(args.database_url).rows(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")[0][0]) - 1
            except (subprocess.CalledProcessError, ValueError, IndexError):
                pass
        row = {
            "minute": minute, "requests": len(window), "errors": errors, "p99_ms": round(p99 * 1000, 1),
            "rss_mib": round(m.get("process_resident_memory_bytes", 0) / 2**20, 1),
            # Heap and stacks: resident memory not backed by a file (the
            # binary and the embedded search index's mapped files are, and
            # the index grows with every write).
            "anon_mib": round(m.get("plein_resident_anonymous_memory_bytes", 0) / 2**20, 1),
            "open_fds": int(m.get("process_open_fds", 0)),
            "pool": int(m.get('plein_database_connections{state="idle"}', 0)
                        + m.get('plein_database_connections{state="busy"}', 0)),
            "pg_backends": backend_conns,
        }
        row["warm"] = elapsed >= warmup
        rows.append(row)
        log(" ".join(f"{k}={v}" for k, v in row.items() if k != "warm"))
    stop.set()
    for t in threads:
        t.join(timeout=30)
    end = metrics(server.url)
    server.stop()
    all_requests = reads + writes.latencies
    errors = [r for r in all_requests if r[2] not in ("ok", "RATE_LIMITED")]
    limited = sum(1 for r in all_requests if r[2] == "RATE_LIMITED")
    # Memory moves by tens of MiB from minute to minute as the allocator
    # takes and returns pages, so one sample against one sample says
    # little: the median of the first three minutes after warm-up is
    # compared with the median of the last three, under load. What is
    # judged is the memory not backed by a file (a leak shows there); all
    # of the resident memory is reported beside it.
    def medians(key):
        values = [r[key] for r in rows if r["warm"]]
        if not values:
            return 0.0, 0.0
        return statistics.median(values[:3]), statistics.median(values[-3:])
    rss_warm, rss_end = medians("rss_mib")
    anon_warm, anon_end = medians("anon_mib")
    growth = (anon_end / anon_warm - 1) * 100 if anon_warm else 0.0
    print()
    print(f"Soak: {args.minutes:g} min at {args.rate:g} requests/s (1 in 8 a write), "
          f"{'PostgreSQL' if pg else 'SQLite'}")
    print(f"  requests {len(all_requests)}, errors {len(errors)}, rate-limited {limited}")
    print(f"  memory not backed by a file (heap, stacks): after warm-up (median of the 3 minutes "
          f"from {warm_at:.0f} s) {anon_warm:.1f} MiB, at the end (median of the last 3) "
          f"{anon_end:.1f} MiB: {growth:+.1f}%")
    print(f"  all resident memory (with the mapped binary and search index): {rss_warm:.1f} MiB, "
          f"at the end {rss_end:.1f} MiB")
    print(f"  open files at the end {int(end.get('process_open_fds', 0))}; "
          f"pool connections at the end {rows[-1]['pool'] if rows else '?'}")
    print("  minute | requests | errors | p99 ms | RSS MiB | heap MiB | open fds | pool | pg backends")
    for r in rows:
        print(f"  {r['minute']:>6} | {r['requests']:>8} | {r['errors']:>6} | {r['p99_ms']:>6} | "
              f"{r['rss_mib']:>7} | {r['anon_mib']:>8} | {r['open_fds']:>8} | {r['pool']:>4} | "
              f"{r['pg_backends']}")
    failures = []
    if errors:
        kinds = {}
        for r in errors:
            kinds[r[2]] = kinds.get(r[2], 0) + 1
        failures.append(f"{len(errors)} requests failed: {kinds}")
    # The promise is 10% over the full run; a short run (CI's) still warms
    # caches, so it gets more room.
    allowed = 10.0 if args.minutes >= 20 else 25.0
    if anon_warm and growth > allowed:
        failures.append(f"memory grew {growth:.1f}% (from {anon_warm:.1f} to {anon_end:.1f} MiB; "
                        f"at most {allowed:g}%)")
    if len(rows) >= 2 and rows[-1]["open_fds"] > rows[0]["open_fds"] + 50:
        failures.append(f"open files grew from {rows[0]['open_fds']} to {rows[-1]['open_fds']}")
    if failures:
        for f in failures:
            print(f"FAIL: {f}", file=sys.stderr)
        sys.exit(1)
    log("PASS: no errors, memory and open files steady")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--plein", required=True)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("crash")
    c.add_argument("--database-url", required=True)
    c.add_argument("--data-dir", required=True)
    c.add_argument("--smtp-port", type=int, required=True)
    c.add_argument("--maildir", required=True)
    c.add_argument("--kills", type=int, default=5)
    c.add_argument("--workers", type=int, default=4)
    c.add_argument("--seed", type=int, default=None)
    d = sub.add_parser("db-restart")
    d.add_argument("--work", required=True)
    d.add_argument("--pg-bin", required=True)
    d.add_argument("--pg-port", type=int, default=55432)
    f = sub.add_parser("disk-full")
    f.add_argument("--work", required=True)
    f.add_argument("--size-mb", type=int, default=48)
    k = sub.add_parser("soak")
    k.add_argument("--database-url", required=True)
    k.add_argument("--data-dir", required=True)
    k.add_argument("--minutes", type=float, default=30)
    k.add_argument("--rate", type=float, default=8, help="requests per second")
    k.add_argument("--warmup", type=float, default=None, help="seconds (default a tenth of the run, at most 120)")
    args = parser.parse_args()
    {"crash": crash, "db-restart": db_restart, "disk-full": disk_full, "soak": soak}[args.command](args)


if __name__ == "__main__":
    main()
