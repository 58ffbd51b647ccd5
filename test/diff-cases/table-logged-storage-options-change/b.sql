create table t (a int) with (fillfactor=60);
