create unlogged table t (a int) with (fillfactor=50);
