/**
 * The Python program `retort import alembic` runs with the project's Python, kept as text so the
 * compiled executable carries it without a file of its own. It loads the project's Alembic
 * `Config` from the ini and runs the project's own `env.py` through Alembic, as `alembic` does.
 *
 * - `render <ini>`: one offline (`--sql`) run of env.py whose work function calls each revision's
 *   `upgrade()` and `downgrade()` in turn, with the output buffer swapped around each call, so each
 *   capture holds only that revision's statements: no BEGIN/COMMIT, no version-table writes and no
 *   `-- Running upgrade` comments, which Alembic writes around the steps. Prints one JSON document.
 * - `online <ini>`: reads JSON lines `{"upgrade": target}` on stdin, runs Alembic's
 *   `command.upgrade` for each against the database of `RETORT_IMPORT_URL` (given to env.py as
 *   the ini's sqlalchemy.url and as DATABASE_URL, with the project's async driver if it names
 *   one), and answers one JSON line per request.
 *
 * Exit 3 with `{"error": "no-alembic"}` when this Python cannot import alembic; anything env.py
 * prints goes to stderr, so stdout carries JSON only.
 */
export const ALEMBIC_HELPER = String.raw`
import io, json, os, re, sys, traceback

# "python -c" puts the working directory first on sys.path; the alembic command does not.
if sys.path and sys.path[0] == "":
    sys.path.pop(0)

out = sys.stdout
sys.stdout = sys.stderr

def emit(doc):
    out.write(json.dumps(doc) + "\n")
    out.flush()

try:
    import alembic
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.environment import EnvironmentContext
    from alembic.script import ScriptDirectory
except Exception as e:
    emit({"error": "no-alembic", "message": "%s: %s" % (type(e).__name__, e), "executable": sys.executable})
    sys.exit(3)

def as_list(value):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]

def error_text(e):
    return "%s: %s" % (type(e).__name__, e)

CREATE_DATE = re.compile(r"^\s*Create Date:\s*(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2})", re.M)

def create_date(sc):
    doc = getattr(sc.module, "__doc__", None) or ""
    m = CREATE_DATE.search(doc)
    return m.group(1).replace("T", " ") if m else None

def config(ini, url):
    cfg = Config(ini, stdout=sys.stderr, output_buffer=io.StringIO())
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg

def render(ini):
    cfg = Config(ini, stdout=sys.stderr, output_buffer=io.StringIO())
    url = cfg.get_main_option("sqlalchemy.url") or ""
    # Offline mode needs only a dialect: a placeholder such as driver://… gets PostgreSQL's.
    if not url.startswith("postgresql"):
        cfg.set_main_option("sqlalchemy.url", "postgresql://")
    script = ScriptDirectory.from_config(cfg)
    scripts = list(script.walk_revisions("base", "heads"))
    scripts.reverse()
    revisions = []
    for sc in scripts:
        revisions.append({
            "id": sc.revision,
            "down_revision": as_list(sc.down_revision),
            "branch_labels": sorted(as_list(getattr(sc, "_orig_branch_labels", sc.branch_labels))),
            # A dependency may be written as a label or a prefix: Alembic's resolved ids are kept.
            "depends_on": as_list(getattr(sc, "_resolved_dependencies", None) or sc.dependencies),
            "message": sc.doc or "",
            "create_date": create_date(sc),
            "path": sc.path,
            "upgrade": None,
            "downgrade": None,
        })

    def work(heads, context):
        impl = context.impl
        for sc, rev in zip(scripts, revisions):
            for direction in ("upgrade", "downgrade"):
                saved = impl.output_buffer
                buf = io.StringIO()
                impl.output_buffer = buf
                try:
                    getattr(sc.module, direction)()
                    rev[direction] = {"sql": buf.getvalue()}
                except Exception as e:
                    rev[direction] = {"error": error_text(e)}
                finally:
                    impl.output_buffer = saved
        return []

    with EnvironmentContext(cfg, script, fn=work, as_sql=True, starting_rev=None, destination_rev="heads"):
        script.run_env()
    emit({"alembic": alembic.__version__, "revisions": revisions})

def driver_of(url):
    m = re.match(r"^postgresql\+(\w+)://", url or "")
    return m.group(1) if m else None

def online(ini):
    # The URL comes in the environment, not on the command line where ps would show its password.
    url = os.environ.pop("RETORT_IMPORT_URL")
    try:
        configured = Config(ini).get_main_option("sqlalchemy.url")
    except Exception:
        configured = None
    # An async env.py needs its async driver: the one the project names, in the ini or DATABASE_URL.
    driver = driver_of(configured) or driver_of(os.environ.get("DATABASE_URL"))
    if driver is not None:
        url = "postgresql+%s://%s" % (driver, url.split("://", 1)[1])
    os.environ["DATABASE_URL"] = url
    cfg = config(ini, url)
    for line in sys.stdin:
        if not line.strip():
            continue
        target = json.loads(line)["upgrade"]
        try:
            command.upgrade(cfg, target)
            emit({"ok": target})
        except Exception as e:
            traceback.print_exc()
            emit({"error": "upgrade", "message": error_text(e)})

try:
    if sys.argv[1] == "render":
        render(sys.argv[2])
    else:
        online(sys.argv[2])
except SystemExit:
    raise
except BaseException as e:
    traceback.print_exc()
    emit({"error": "env", "message": error_text(e)})
    sys.exit(4)
`;
