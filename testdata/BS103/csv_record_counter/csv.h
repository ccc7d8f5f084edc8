#ifndef CSV_H
#define CSV_H

#define CSV_MAX_FIELDS 32
#define CSV_MAX_WORKERS 16

// csv_parse splits data at line boundaries into nworkers chunks and tokenizes
// each chunk on a thread of its own. Every worker calls goOnRecord for each
// line it finishes. It returns the number of workers started.
int csv_parse(const char *data, int nworkers);

#endif
