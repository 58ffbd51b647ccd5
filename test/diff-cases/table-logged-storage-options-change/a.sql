create unlogged table t (a int) with (fillfactor=50, autovacuum_enabled=false);
