/**
 * The text of an aggregate's definition, built from pg_aggregate: pg_get_functiondef refuses
 * aggregates, and pg_dump builds its `CREATE AGGREGATE` the same way (`dumpAgg`). Options left at
 * their defaults are left out, so two databases that built one aggregate alike print it alike.
 * Same conventions as introspect-queries.ts (search_path = pg_catalog: names outside it come qualified).
 */

/** A support function (a regproc column), or null when it is unset (0). */
const supportFunction = (option: string, column: string) => `case when ${column} <> 0 then '${option} = ' || ${column}::regproc::text end`;

/** READ_ONLY, SHAREABLE or READ_WRITE when `column` differs from the aggregate kind's default (read-only for a normal aggregate). */
const finalModify = (option: string, column: string) => `case when ${column} <> case a.aggkind when 'n' then 'r' else 'w' end
       then '${option} = ' || case ${column} when 'r' then 'READ_ONLY' when 's' then 'SHAREABLE' else 'READ_WRITE' end end`;

/**
 * `CREATE OR REPLACE AGGREGATE "s"."name"(arguments) (options);` for the aggregate `p` (a pg_proc row
 * aliased `p`, its namespace `n`), one option a line. The first line names it with its arguments
 * (`ORDER BY` for an ordered-set aggregate, `*` for none), as CREATE OR REPLACE must keep them.
 */
export const aggregateDefinition = `(select 'CREATE OR REPLACE AGGREGATE ' || quote_ident(n.nspname) || '.' || quote_ident(p.proname)
       || '(' || case when p.pronargs = 0 then '*' else pg_get_function_arguments(p.oid) end || E') (\\n    '
       || array_to_string(array_remove(array[
         'SFUNC = ' || a.aggtransfn::regproc::text,
         'STYPE = ' || format_type(a.aggtranstype, null),
         case when a.aggtransspace <> 0 then 'SSPACE = ' || a.aggtransspace end,
         ${supportFunction("FINALFUNC", "a.aggfinalfn")},
         case when a.aggfinalextra then 'FINALFUNC_EXTRA' end,
         ${finalModify("FINALFUNC_MODIFY", "a.aggfinalmodify")},
         ${supportFunction("COMBINEFUNC", "a.aggcombinefn")},
         ${supportFunction("SERIALFUNC", "a.aggserialfn")},
         ${supportFunction("DESERIALFUNC", "a.aggdeserialfn")},
         case when a.agginitval is not null then 'INITCOND = ' || quote_literal(a.agginitval) end,
         ${supportFunction("MSFUNC", "a.aggmtransfn")},
         ${supportFunction("MINVFUNC", "a.aggminvtransfn")},
         case when a.aggmtranstype <> 0 then 'MSTYPE = ' || format_type(a.aggmtranstype, null) end,
         case when a.aggmtransspace <> 0 then 'MSSPACE = ' || a.aggmtransspace end,
         ${supportFunction("MFINALFUNC", "a.aggmfinalfn")},
         case when a.aggmfinalextra then 'MFINALFUNC_EXTRA' end,
         -- Without a moving-aggregate implementation the setting means nothing (it reads as the default).
         case when a.aggmtransfn <> 0 then ${finalModify("MFINALFUNC_MODIFY", "a.aggmfinalmodify")} end,
         case when a.aggminitval is not null then 'MINITCOND = ' || quote_literal(a.aggminitval) end,
         (select 'SORTOP = OPERATOR(' || quote_ident(opn.nspname) || '.' || o.oprname || ')'
            from pg_operator o join pg_namespace opn on opn.oid = o.oprnamespace where o.oid = a.aggsortop),
         case when a.aggkind = 'h' then 'HYPOTHETICAL' end,
         case p.proparallel when 's' then 'PARALLEL = SAFE' when 'r' then 'PARALLEL = RESTRICTED' end
       ], null), E',\\n    ') || E'\\n);'
     from pg_aggregate a where a.aggfnoid = p.oid)`;
