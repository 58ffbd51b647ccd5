/**
 * An Alembic project written for the import tests: 17 revisions with many `op.*` calls, a second
 * base with a branch label and `depends_on`, a merge, an `op.execute` data step, a dialect check,
 * one revision that reads the connection (so offline rendering fails), and an index built
 * concurrently in Alembic's autocommit_block. Its env.py imports a
 * package of the project found through PYTHONPATH, as real projects' do.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The revision ids, in the order written. */
export const FIXTURE_IDS = {
  users: "1a2b3c4d0001",
  posts: "1a2b3c4d0002",
  usersEmail: "1a2b3c4d0003",
  usersName: "1a2b3c4d0004",
  roles: "1a2b3c4d0005",
  userRole: "1a2b3c4d0006",
  postsTitle: "1a2b3c4d0007",
  rename: "1a2b3c4d0008",
  dropBody: "1a2b3c4d0009",
  invoices: "2b3c4d5e0010",
  invoiceAmount: "2b3c4d5e0011",
  merge: "3c4d5e6f0012",
  partialIndex: "3c4d5e6f0013",
  readsConnection: "3c4d5e6f0014",
  status: "3c4d5e6f0015",
  unique: "3c4d5e6f0016",
  concurrentIndex: "3c4d5e6f0017",
} as const;
const I = FIXTURE_IDS;

function revision(id: string, down: string | readonly string[] | null, message: string, upgrade: string, downgrade: string, extra = ""): string {
  const downText = down === null ? "None" : typeof down === "string" ? JSON.stringify(down) : `(${down.map((d) => JSON.stringify(d)).join(", ")})`;
  const body = (text: string) => text.trim().split("\n").map((l) => `    ${l}`).join("\n");
  return `"""${message}

Revision ID: ${id}
Revises: ${down === null ? "" : typeof down === "string" ? down : down.join(", ")}
Create Date: 2024-03-${id.slice(-2)} 10:${id.slice(-2)}:00.123456

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "${id}"
down_revision = ${downText}
branch_labels = None
depends_on = None
${extra}

def upgrade():
${body(upgrade)}


def downgrade():
${body(downgrade)}
`;
}

const REVISIONS: Record<string, string> = {
  [`${I.users}_create_users.py`]: revision(
    I.users, null, "create users",
    `op.create_table(
    "users",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("email", sa.String(255), nullable=False),
    sa.Column("created_at", sa.DateTime(), server_default=sa.text("now()"), nullable=False),
)`,
    `op.drop_table("users")`,
  ),
  [`${I.posts}_create_posts.py`]: revision(
    I.posts, I.users, "create posts",
    `op.create_table(
    "posts",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("title", sa.String(200)),
    sa.Column("body", sa.Text()),
)`,
    `op.drop_table("posts")`,
  ),
  [`${I.usersEmail}_users_email_index.py`]: revision(I.usersEmail, I.posts, "users email index", `op.create_index("ix_users_email", "users", ["email"], unique=True)`, `op.drop_index("ix_users_email", table_name="users")`),
  [`${I.usersName}_users_name.py`]: revision(I.usersName, I.usersEmail, "add users name", `op.add_column("users", sa.Column("name", sa.String(100), nullable=True))`, `op.drop_column("users", "name")`),
  [`${I.roles}_roles_with_data.py`]: revision(
    I.roles, I.usersName, "roles, with their rows",
    `op.create_table("roles", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(50), nullable=False, unique=True))
op.execute("INSERT INTO roles (id, name) VALUES (1, 'admin'), (2, 'member')")`,
    `op.execute("DELETE FROM roles")
op.drop_table("roles")`,
  ),
  [`${I.userRole}_user_role.py`]: revision(
    I.userRole, I.roles, "users role fk",
    `op.add_column("users", sa.Column("role_id", sa.Integer(), nullable=True))
op.create_foreign_key("fk_users_role", "users", "roles", ["role_id"], ["id"])`,
    `op.drop_constraint("fk_users_role", "users", type_="foreignkey")
op.drop_column("users", "role_id")`,
  ),
  [`${I.postsTitle}_posts_title.py`]: revision(
    I.postsTitle, I.userRole, "posts title longer and required",
    `op.execute("UPDATE posts SET title = '' WHERE title IS NULL")
op.alter_column("posts", "title", existing_type=sa.String(200), type_=sa.String(300), nullable=False)`,
    `op.alter_column("posts", "title", existing_type=sa.String(300), type_=sa.String(200), nullable=True)`,
  ),
  [`${I.rename}_rename_posts.py`]: revision(I.rename, I.postsTitle, "rename posts to articles", `op.rename_table("posts", "articles")`, `op.rename_table("articles", "posts")`),
  [`${I.dropBody}_drop_body.py`]: revision(I.dropBody, I.rename, "drop articles body", `op.drop_column("articles", "body")`, `op.add_column("articles", sa.Column("body", sa.Text(), nullable=True))`),
  [`${I.invoices}_invoices.py`]: revision(
    I.invoices, null, "billing: invoices",
    `op.create_table(
    "invoices",
    sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
)`,
    `op.drop_table("invoices")`,
    `branch_labels = ("billing",)\ndepends_on = "${I.users}"`,
  ),
  [`${I.invoiceAmount}_invoice_amount.py`]: revision(
    I.invoiceAmount, I.invoices, "billing: invoice amount",
    `op.add_column("invoices", sa.Column("amount", sa.Numeric(10, 2), server_default="0", nullable=False))
op.create_check_constraint("ck_invoices_amount", "invoices", "amount >= 0")`,
    `op.drop_constraint("ck_invoices_amount", "invoices", type_="check")
op.drop_column("invoices", "amount")`,
  ),
  [`${I.merge}_merge_billing.py`]: revision(I.merge, [I.dropBody, I.invoiceAmount], "merge billing", "pass", "pass"),
  [`${I.partialIndex}_partial_index.py`]: revision(
    I.partialIndex, I.merge, "articles title index, partial on postgresql",
    `if op.get_context().dialect.name == "postgresql":
    op.create_index("ix_articles_title", "articles", ["title"], postgresql_where=sa.text("title <> ''"))
else:
    op.create_index("ix_articles_title", "articles", ["title"])`,
    `op.drop_index("ix_articles_title", table_name="articles")`,
  ),
  [`${I.readsConnection}_admins_flag.py`]: revision(
    I.readsConnection, I.partialIndex, "users is_admin from roles",
    `op.add_column("users", sa.Column("is_admin", sa.Boolean(), server_default=sa.false(), nullable=False))
conn = op.get_bind()
admin = conn.execute(sa.text("SELECT id FROM roles WHERE name = 'admin'")).scalar()
conn.execute(sa.text("UPDATE users SET is_admin = true WHERE role_id = :r"), {"r": admin})`,
    `op.drop_column("users", "is_admin")`,
  ),
  [`${I.status}_article_status.py`]: revision(
    I.status, I.readsConnection, "article status enum",
    `status = postgresql.ENUM("draft", "published", name="article_status")
status.create(op.get_bind(), checkfirst=False)
op.add_column("articles", sa.Column("status", status, server_default="draft", nullable=False))`,
    `op.drop_column("articles", "status")
postgresql.ENUM(name="article_status").drop(op.get_bind(), checkfirst=False)`,
  ),
  [`${I.unique}_articles_unique.py`]: revision(
    I.unique, I.status, "articles unique per user and title",
    `op.create_unique_constraint("uq_articles_user_title", "articles", ["user_id", "title"])`,
    `op.drop_constraint("uq_articles_user_title", "articles", type_="unique")`,
  ),
  [`${I.concurrentIndex}_concurrent_index.py`]: revision(
    I.concurrentIndex, I.unique, "articles user index, built concurrently",
    `with op.get_context().autocommit_block():
    op.create_index("ix_articles_user", "articles", ["user_id"], postgresql_concurrently=True)`,
    `with op.get_context().autocommit_block():
    op.drop_index("ix_articles_user", table_name="articles", postgresql_concurrently=True)`,
  ),
};

const ENV_PY = `from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

from fixture_app.models import target_metadata

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata, literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
`;

const INI = `[alembic]
script_location = %(here)s/alembic
file_template = %%(rev)s_%%(slug)s
truncate_slug_length = 30
version_table = alembic_version
sqlalchemy.url = driver://user:pass@localhost/dbname

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
`;

/** Writes the fixture project into `dir`: `alembic.ini`, `alembic/env.py`, `alembic/versions/*.py`, and `src/fixture_app` for PYTHONPATH. */
export function writeAlembicFixture(dir: string): { ini: string; pythonPath: string } {
  const versions = join(dir, "alembic", "versions");
  mkdirSync(versions, { recursive: true });
  mkdirSync(join(dir, "src", "fixture_app"), { recursive: true });
  writeFileSync(join(dir, "src", "fixture_app", "__init__.py"), "");
  writeFileSync(join(dir, "src", "fixture_app", "models.py"), "from sqlalchemy import MetaData\n\ntarget_metadata = MetaData()\n");
  writeFileSync(join(dir, "alembic.ini"), INI);
  writeFileSync(join(dir, "alembic", "env.py"), ENV_PY);
  writeFileSync(join(dir, "alembic", "script.py.mako"), '"""${message}"""\n');
  for (const [name, text] of Object.entries(REVISIONS)) writeFileSync(join(versions, name), text);
  return { ini: join(dir, "alembic.ini"), pythonPath: join(dir, "src") };
}
