#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "_cgo_export.h"

struct csv_job {
	char *text; // the worker's own copy of its lines
};

static void *csv_worker(void *arg) {
	struct csv_job *job = arg;
	char *fields[CSV_MAX_FIELDS];
	char *save = NULL;
	for (char *line = strtok_r(job->text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		int n = 0;
		char *p = line;
		fields[n++] = p;
		while (n < CSV_MAX_FIELDS && (p = strchr(p, ',')) != NULL) {
			*p++ = '\0';
			fields[n++] = p;
		}
		goOnRecord(fields, n);
	}
	return NULL;
}

int csv_parse(const char *data, int nworkers) {
	pthread_t threads[CSV_MAX_WORKERS];
	struct csv_job jobs[CSV_MAX_WORKERS];
	size_t len = strlen(data), start = 0;
	int started = 0;

	if (nworkers < 1) {
		nworkers = 1;
	}
	if (nworkers > CSV_MAX_WORKERS) {
		nworkers = CSV_MAX_WORKERS;
	}
	for (int i = 0; i < nworkers && start < len; i++) {
		size_t end = i == nworkers - 1 ? len : start + (len - start) / (size_t)(nworkers - i);
		while (end < len && data[end] != '\n') {
			end++;
		}
		jobs[i].text = malloc(end - start + 1);
		memcpy(jobs[i].text, data + start, end - start);
		jobs[i].text[end - start] = '\0';
		if (pthread_create(&threads[i], NULL, csv_worker, &jobs[i]) != 0) {
			free(jobs[i].text);
			break;
		}
		started++;
		start = end + 1;
	}
	for (int i = 0; i < started; i++) {
		pthread_join(threads[i], NULL);
		free(jobs[i].text);
	}
	return started;
}
