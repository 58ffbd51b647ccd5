import type { MigrationContext } from "retort";

export const revision = "5b90f3d8e217";
export const down_revision = "c47e19b2a6d3";
export const message = "backfill post slugs";

/** Derives a slug from each title, then makes the column required and unique. */
export async function upgrade({ sql }: MigrationContext) {
  await sql`
    update posts
       set slug = trim(both '-' from lower(regexp_replace(title, '[^a-zA-Z0-9]+', '-', 'g'))) || '-' || id
     where slug is null`;
  await sql`alter table posts alter column slug set not null`;
  await sql`create unique index posts_slug_key on posts (slug)`;
}

export async function downgrade({ sql }: MigrationContext) {
  await sql`drop index posts_slug_key`;
  await sql`alter table posts alter column slug drop not null`;
}
