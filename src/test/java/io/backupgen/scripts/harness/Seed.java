package io.backupgen.scripts.harness;

/**
 * The seeded application database: a login role that owns it (not a superuser, with CREATEDB for the
 * verification job), a NOLOGIN role with grants, two schemas, tables with bytea, json/jsonb, timestamps,
 * intervals, numerics, arrays, NULLs and non-ASCII text, identity and serial columns, a standalone
 * sequence, a foreign key, a view and an empty table.
 */
public final class Seed {

    public static final String APP_USER = "app";
    public static final String APP_PASSWORD = "app-secret-Ä1";

    private Seed() {
    }

    public static void roles(PgServer pg) {
        pg.sql("postgres", """
                CREATE ROLE %s LOGIN CREATEDB PASSWORD '%s';
                CREATE ROLE reporting NOLOGIN;
                """.formatted(APP_USER, APP_PASSWORD));
    }

    /** Creates database db owned by the app role and fills it; every object is owned by the app role. */
    public static void database(PgServer pg, String db) {
        pg.sql("postgres", "CREATE DATABASE " + db + " OWNER " + APP_USER);
        pg.sql(db, """
                SET ROLE ${APP};
                CREATE SCHEMA sales;
                CREATE SEQUENCE invoice_no START 1000;
                SELECT setval('invoice_no', 1041);
                CREATE SEQUENCE never_used;
                CREATE TABLE customers (
                    id bigserial PRIMARY KEY,
                    name text NOT NULL,
                    email text UNIQUE,
                    created_at timestamptz NOT NULL,
                    birthday date,
                    vip boolean DEFAULT false,
                    balance numeric(12,2),
                    tags text[]
                );
                CREATE TABLE documents (
                    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    customer_id bigint REFERENCES customers(id),
                    body bytea,
                    meta json,
                    attrs jsonb,
                    uploaded timestamp,
                    ttl interval
                );
                CREATE TABLE sales.orders (
                    id serial PRIMARY KEY,
                    customer_id bigint NOT NULL REFERENCES customers(id),
                    invoice int NOT NULL DEFAULT nextval('invoice_no'),
                    total numeric,
                    placed_at timestamptz,
                    note text
                );
                CREATE TABLE empty_table (id int, payload text);
                CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE total > 100;
                INSERT INTO customers (name, email, created_at, birthday, vip, balance, tags)
                SELECT 'Kunde ' || g || CASE WHEN g % 7 = 0 THEN ' – Müller “quoted” \\ back' ELSE '' END,
                       CASE WHEN g % 11 = 0 THEN NULL ELSE 'c' || g || '@example.org' END,
                       timestamptz '2024-02-29 23:59:59.123456+01' + g * interval '1 hour 7 minutes',
                       date '1970-01-01' + g * 97,
                       g % 3 = 0,
                       g * 12.34 - 500,
                       ARRAY['t' || g % 4, 'tab	and,comma']
                FROM generate_series(1, 300) g;
                INSERT INTO documents (customer_id, body, meta, attrs, uploaded, ttl)
                SELECT 1 + g % 300,
                       decode(md5(g::text) || '00ff00', 'hex') || convert_to(repeat('x', g % 50), 'UTF8'),
                       ('{"n": ' || g || ', "k": "v\\u00e9"}')::json,
                       jsonb_build_object('g', g, 'arr', jsonb_build_array(g, g * 2, NULL), 'nested', jsonb_build_object('ok', g % 2 = 0)),
                       timestamp '2000-01-01 00:00:00' + g * interval '13 seconds',
                       g * interval '1 day 2 hours'
                FROM generate_series(1, 500) g;
                INSERT INTO documents (customer_id, body, meta, attrs) VALUES (NULL, NULL, NULL, NULL);
                INSERT INTO sales.orders (customer_id, total, placed_at, note)
                SELECT 1 + g % 300, round((g * 3.7)::numeric, 2), now() - g * interval '1 minute', repeat('n', g % 5)
                FROM generate_series(1, 200) g;
                RESET ROLE;
                GRANT USAGE ON SCHEMA sales TO reporting;
                GRANT SELECT ON ALL TABLES IN SCHEMA sales TO reporting;
                """.replace("${APP}", APP_USER));
    }
}
