#ifndef STORE_H
#define STORE_H

enum {
	STORE_LOG_DEBUG = 0,
	STORE_LOG_INFO = 1,
	STORE_LOG_WARN = 2,
};

// store_compact compacts nshards shards in parallel, one thread each. The
// threads report through the log hook goStoreLog, and each calls
// goOnShardCompacted when its shard is done.
void store_compact(int nshards);

#endif
